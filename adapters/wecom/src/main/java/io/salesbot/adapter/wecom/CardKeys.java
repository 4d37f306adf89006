package io.salesbot.adapter.wecom;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a neutral card's ids travel through WeCom. A button's {@code key} (≤ 1024 bytes) carries the
 * action and payload as {@code s1.<base64url(action "\n" payload)>}, opaque to WeCom and to people.
 * A card's {@code task_id} ({@code [A-Za-z0-9_\-@]}, ≤ 128 bytes, unique per app) is {@code
 * <cardId>@<version>@<suffix>}: other characters of the card id become {@code _}, and the suffix
 * makes every send unique.
 */
final class CardKeys {
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_TASK_ID_BYTES = 128;
  private static final String KEY_PREFIX = "s1.";

  private CardKeys() {}

  record ButtonAction(String action, String payload) {}

  /**
   * @throws IllegalArgumentException when the key would exceed WeCom's 1024 bytes
   */
  static String buttonKey(String action, String payload) {
    if (action.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a card action must not contain a line break");
    }
    String key =
        KEY_PREFIX
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((action + "\n" + payload).getBytes(StandardCharsets.UTF_8));
    if (key.length() > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the button of action '"
              + action
              + "' carries too long a payload for WeCom's 1024-byte key");
    }
    return key;
  }

  static Optional<ButtonAction> decode(String key) {
    if (!key.startsWith(KEY_PREFIX) || key.length() > MAX_KEY_BYTES) {
      return Optional.empty();
    }
    String text;
    try {
      text =
          new String(
              Base64.getUrlDecoder().decode(key.substring(KEY_PREFIX.length())),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int nl = text.indexOf('\n');
    if (nl <= 0) {
      return Optional.empty();
    }
    return Optional.of(new ButtonAction(text.substring(0, nl), text.substring(nl + 1)));
  }

  static String taskId(String cardId, int version, String suffix) {
    String tail = "@" + version + "@" + sanitize(suffix);
    String head = sanitize(cardId);
    int room = MAX_TASK_ID_BYTES - tail.length();
    if (head.length() > room) {
      head = head.substring(0, Math.max(0, room));
    }
    return head + tail;
  }

  /** The (sanitised) card id in a task id; the task id itself when it is not one of ours. */
  static String cardIdOf(String taskId) {
    int at = taskId.indexOf('@');
    return at > 0 ? taskId.substring(0, at) : taskId;
  }

  private static String sanitize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      out.append(ok ? c : '_');
    }
    return out.toString();
  }
}
