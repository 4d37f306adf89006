package io.salesbot.adapter.dingtalk;

import io.salesbot.adapter.support.ButtonKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a neutral card's ids travel through DingTalk. A card's {@code outTrackId} is ours and
 * deterministic: the card id itself when it is short and plain, otherwise {@code h-} and a hash, so
 * that an update finds the card instance it replaces. A button carries {@code s1.<base64url(cardId
 * "\n" action "\n" payload)>} in its callback parameter {@code key}, opaque to DingTalk and to
 * people, so a click maps back without a look-up ({@link ButtonKeys}).
 */
final class CardKeys {
  static final int MAX_KEY_CHARS = 1024;
  static final int MAX_OUT_TRACK_ID = 64;
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
    return ButtonKeys.encode(MAX_KEY_CHARS, "a card callback", payload, cardId, action);
  }

  static Optional<ButtonAction> decode(String key) {
    return ButtonKeys.decode(key, 3, MAX_KEY_CHARS)
        .map(f -> new ButtonAction(f.get(0), f.get(1), f.get(2)));
  }
}
