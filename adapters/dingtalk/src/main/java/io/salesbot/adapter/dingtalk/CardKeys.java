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

  /** A key without a rendering: for keys that need no per-rendering part (tests, old cards). */
  static String buttonKey(String cardId, String action, String payload) {
    return ButtonKeys.encode(MAX_KEY_CHARS, "a card callback", payload, cardId, action);
  }

  /**
   * The key of a button on one rendering of a card: {@link ButtonKeys} and {@code .<render>}.
   * DingTalk's click payload has nothing that tells one press from another (no message or click id:
   * {@code type, outTrackId, corpId, userId, content}), so the rendering does: a new press of the
   * same button after the card was sent or updated again carries a new key and thus a new event id,
   * while DingTalk's retries of one push carry the same.
   *
   * @throws IllegalArgumentException when the key would exceed {@value #MAX_KEY_CHARS} characters
   */
  static String buttonKey(String cardId, String action, String payload, String render) {
    return ButtonKeys.encode(
            MAX_KEY_CHARS - render.length() - 1, "a card callback", payload, cardId, action)
        + "."
        + render;
  }

  /** A short, deterministic rendering id for the command that sends or updates a card. */
  static String render(String commandId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(commandId.getBytes(StandardCharsets.UTF_8));
      return java.util.Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(digest)
          .substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static Optional<ButtonAction> decode(String key) {
    // "s1." + base64url (no '.') + optional ".<render>"
    int dot = key.lastIndexOf('.');
    String base = dot > 2 ? key.substring(0, dot) : key;
    return ButtonKeys.decode(base, 3, MAX_KEY_CHARS)
        .map(f -> new ButtonAction(f.get(0), f.get(1), f.get(2)));
  }
}
