package io.salesbot.core.platform.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person on a chat platform, written {@code <platform>:<userId>} ({@code sandbox:zhangsan},
 * {@code wecom:ZhangSan}, {@code dingtalk:0123456789}).
 */
public record Address(String platform, String userId) {
  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9-]{0,31}");

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
