package io.salesbot.adapter.dingtalk;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's callback crypto (open-dingtalk/DingTalk-Callback-Crypto {@code DingCallbackCrypto}),
 * the same scheme as WeCom's: {@code msg_signature = hex(SHA1(sort(token, timeStamp, nonce,
 * encrypt)))}; AES-256-CBC with IV = key[0:16], PKCS#7 to 32 bytes; plaintext {@code random(16) |
 * len(4, big-endian) | msg | ownerKey}, where the owner key is the app's Client ID (AppKey), the
 * corpId for older corp-level subscriptions, or the suiteKey of third-party apps.
 *
 * <p>Written here rather than copied: the official class compares signatures with {@code
 * String.equals}. The tests check this one against the official vectors.
 *
 * <p>Also the robot-callback signature: {@code Base64(HmacSHA256(appSecret, timestamp + "\n" +
 * appSecret))}.
 */
final class DingtalkCrypto {
  private static final int BLOCK = 32;

  private final String tokenText;
  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private final String ownerKey;

  /** Why a callback was refused. */
  enum Failure {
    BAD_SIGNATURE,
    MALFORMED,
    WRONG_OWNER
  }

  static final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    CryptoException(Failure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }

    Failure failure() {
      return failure;
    }
  }

  DingtalkCrypto(String token, String aesKey, String ownerKey) {
    this.tokenText = token;
    byte[] aes = Base64.getDecoder().decode(aesKey + "=");
    if (aes.length != 32) {
      throw new IllegalArgumentException("aes_key must decode to 32 bytes");
    }
    this.key = new SecretKeySpec(aes, "AES");
    this.iv = new IvParameterSpec(Arrays.copyOfRange(aes, 0, 16));
    this.ownerKey = ownerKey;
  }

  /** {@code hex(SHA1(sort(token, timestamp, nonce, encrypt)))}. */
  String signature(String timestamp, String nonce, String encrypt) {
    String[] parts = {tokenText, timestamp, nonce, encrypt};
    Arrays.sort(parts);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (String p : parts) {
        sha1.update(p.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha1.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  /** Checks the signature (in constant time) and decrypts; the owner key must be ours. */
  String verifyAndDecrypt(String msgSignature, String timestamp, String nonce, String encrypt)
      throws CryptoException {
    byte[] expected = signature(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
    byte[] given = msgSignature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new CryptoException(Failure.BAD_SIGNATURE, "msg_signature does not match");
    }
    return decrypt(encrypt);
  }

  /**
   * The answer DingTalk expects: {@code {msg_signature, timeStamp, nonce, encrypt}} with {@code
   * plain} encrypted ({@code "success"} to acknowledge).
   */
  Map<String, String> encryptedMap(String plain, String timestamp, String nonce, String random) {
    String encrypt = encrypt(random, plain);
    Map<String, String> map = new LinkedHashMap<>();
    map.put("msg_signature", signature(timestamp, nonce, encrypt));
    map.put("timeStamp", timestamp);
    map.put("nonce", nonce);
    map.put("encrypt", encrypt);
    return map;
  }

  String encrypt(String random, String plain) {
    byte[] randomBytes = random.getBytes(StandardCharsets.UTF_8);
    if (randomBytes.length != 16) {
      throw new IllegalArgumentException("the random prefix must be 16 bytes");
    }
    byte[] text = plain.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(randomBytes);
    out.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
    out.writeBytes(text);
    out.writeBytes(ownerKey.getBytes(StandardCharsets.UTF_8));
    int pad = BLOCK - out.size() % BLOCK;
    for (int i = 0; i < pad; i++) {
      out.write(pad);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, iv);
      return Base64.getEncoder().encodeToString(cipher.doFinal(out.toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CBC is missing from this JVM", e);
    }
  }

  private String decrypt(String encrypt) throws CryptoException {
    byte[] cipherText;
    try {
      cipherText = Base64.getDecoder().decode(encrypt.strip());
    } catch (IllegalArgumentException e) {
      throw new CryptoException(Failure.MALFORMED, "the encrypted part is not Base64");
    }
    if (cipherText.length == 0 || cipherText.length % 16 != 0) {
      throw new CryptoException(Failure.MALFORMED, "the encrypted part has a bad length");
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, iv);
      plain = cipher.doFinal(cipherText);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(Failure.MALFORMED, "the encrypted part does not decrypt");
    }
    int pad = plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK || pad > plain.length) {
      throw new CryptoException(Failure.MALFORMED, "bad padding");
    }
    int end = plain.length - pad;
    if (end < 20) {
      throw new CryptoException(Failure.MALFORMED, "the plaintext is too short");
    }
    int length = ByteBuffer.wrap(plain, 16, 4).getInt();
    if (length < 0 || 20 + length > end) {
      throw new CryptoException(Failure.MALFORMED, "bad message length");
    }
    String message = new String(plain, 20, length, StandardCharsets.UTF_8);
    String from = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(
        ownerKey.getBytes(StandardCharsets.UTF_8), from.getBytes(StandardCharsets.UTF_8))) {
      throw new CryptoException(Failure.WRONG_OWNER, "the message is for another app");
    }
    return message;
  }

  /** {@code Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret))}: robot callbacks. */
  static String robotSign(String timestamp, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "\n" + appSecret).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Compares a robot callback's {@code sign} header with the expected one in constant time. */
  static boolean robotSignMatches(String timestamp, String sign, String appSecret) {
    return MessageDigest.isEqual(
        robotSign(timestamp, appSecret).getBytes(StandardCharsets.US_ASCII),
        sign.getBytes(StandardCharsets.US_ASCII));
  }
}
