package io.salesbot.core.kernel.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person on a chat platform, written {@code <platform>:<userId>} ({@code sandbox:zhangsan},
 * {@code wecom:ZhangSan}, {@code dingtalk:0123456789}) — or a group chat the bot is in, written
 * {@code <platform>:group:<conversationId>} ({@code dingtalk:group:cidXo7tJ2a1bQ2t8Gm7wW5vWg==}):
 * the same record, so that commands, the outbox and the delivery record carry groups without a
 * second address type. Platforms that have no group chats never see such an address.
 */
public record Address(String platform, String userId) {
  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final String GROUP = "group:";

  public Address {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(userId, "userId");
    if (!PLATFORM.matcher(platform).matches()) {
      throw new IllegalArgumentException(
          "platform must be lower-case letters, digits or '-', got '" + platform + "'");
    }
    if (userId.isBlank() || userId.length() > 128) {
      throw new IllegalArgumentException("userId must be 1 to 128 characters");
    }
  }

  /** The group chat {@code conversationId} on {@code platform}: {@code <platform>:group:<id>}. */
  public static Address group(String platform, String conversationId) {
    Objects.requireNonNull(conversationId, "conversationId");
    if (conversationId.isBlank()) {
      throw new IllegalArgumentException("a group needs its conversation id");
    }
    return new Address(platform, GROUP + conversationId);
  }

  /** True for a group chat ({@link #group}), false for a person. */
  public boolean isGroup() {
    return userId.startsWith(GROUP) && userId.length() > GROUP.length();
  }

  /** The platform's conversation id of a group chat; the user id of a person. */
  public String conversationId() {
    return isGroup() ? userId.substring(GROUP.length()) : userId;
  }

  /**
   * Parses {@code platform:userId}.
   *
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static Address parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("address is missing; write it as <platform>:<userId>");
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "address '" + text + "' is not of the form <platform>:<userId>, e.g. sandbox:zhangsan");
    }
    return new Address(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  @Override
  public String toString() {
    return platform + ":" + userId;
  }
}
