package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.ButtonKeys;
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

  private CardKeys() {}

  record ButtonAction(String action, String payload) {}

  /**
   * @throws IllegalArgumentException when the key would exceed WeCom's 1024 bytes
   */
  static String buttonKey(String action, String payload) {
    return ButtonKeys.encode(MAX_KEY_BYTES, "WeCom's 1024-byte key", payload, action);
  }

  static Optional<ButtonAction> decode(String key) {
    return ButtonKeys.decode(key, 2, MAX_KEY_BYTES).map(f -> new ButtonAction(f.get(0), f.get(1)));
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
