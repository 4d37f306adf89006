package io.salesbot.adapter.dingtalk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a neutral card's ids travel through DingTalk. A card's {@code outTrackId} is ours and
 * deterministic: the card id itself when it is short and plain, otherwise {@code h-} and a hash, so
 * that an update finds the card instance it replaces. A button carries {@code s1.<base64url(cardId
 * "\n" action "\n" payload)>} in its callback parameter {@code key}, opaque to DingTalk and to
 * people, so a click maps back without a look-up.
 */
final class CardKeys {
  static final int MAX_KEY_CHARS = 1024;
  static final int MAX_OUT_TRACK_ID = 64;
  private static final String KEY_PREFIX = "s1.";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_\\-.:]{1,64}");

  private CardKeys() {}

  record ButtonAction(String cardId, String action, String payload) {}

  static String outTrackId(String cardId) {
    if (PLAIN.matcher(cardId).matches()) {
      return cardId;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(cardId.getBytes(StandardCharsets.UTF_8));
      return "h-" + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * @throws IllegalArgumentException when the key would exceed {@value #MAX_KEY_CHARS} characters
   */
  static String buttonKey(String cardId, String action, String payload) {
    if (action.indexOf('\n') >= 0 || cardId.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a card id or action must not contain a line break");
    }
    String key =
        KEY_PREFIX
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    (cardId + "\n" + action + "\n" + payload).getBytes(StandardCharsets.UTF_8));
    if (key.length() > MAX_KEY_CHARS) {
      throw new IllegalArgumentException(
          "the button of action '" + action + "' carries too long a payload for a card callback");
    }
    return key;
  }

  static Optional<ButtonAction> decode(String key) {
    if (!key.startsWith(KEY_PREFIX) || key.length() > MAX_KEY_CHARS) {
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
    int first = text.indexOf('\n');
    int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
    if (first <= 0 || second <= first + 1) {
      return Optional.empty();
    }
    return Optional.of(
        new ButtonAction(
            text.substring(0, first),
            text.substring(first + 1, second),
            text.substring(second + 1)));
  }
}
