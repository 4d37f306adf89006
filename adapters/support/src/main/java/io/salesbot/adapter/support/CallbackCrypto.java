package io.salesbot.adapter.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The callback envelope WeCom (doc path/91144, Tencent's WXBizMsgCrypt samples), the WeChat
 * official account's safe mode and DingTalk (open-dingtalk/DingTalk-Callback-Crypto {@code
 * DingCallbackCrypto}) share: {@code msg_signature = hex(SHA1(sort(token, timestamp, nonce,
 * encrypt)))}; AES-256-CBC with key = Base64(EncodingAESKey + "=") and IV = key[0:16], PKCS#7 to 32
 * bytes; plaintext {@code random(16) | len(4, big-endian) | msg | receiver}. The receiver is the
 * corp id (WeCom), the AppID (official account) or the app's Client ID / corp id (DingTalk).
 *
 * <p>Written here rather than taken from the platforms' samples or WxJava, which compare signatures
 * with {@code String.equals} and throw the receiver away unchecked. The adapters' tests check it
 * against the official vectors.
 */
public final class CallbackCrypto {
  private static final int BLOCK = 32;

  private final String token;
  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private final String receiver;
  private final String receiverKind;

  /** Why a callback was refused. */
  public enum Failure {
    BAD_SIGNATURE,
    MALFORMED,
    WRONG_RECEIVER
  }

  /** A callback that does not verify or decrypt; {@link #failure()} says why. */
  public static final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    CryptoException(Failure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  /** A decrypted envelope: the message and whom it was encrypted for. */
  public record Opened(String message, String receiver) {}

  /**
   * @param token the callback token configured on the platform
   * @param encodingAesKey the 43-character EncodingAESKey / aes_key
   * @param receiver who messages must be encrypted for (corp id, AppID, Client ID)
   * @param receiverKind what the receiver is, for the refusal's message ("corp", "app")
   * @throws IllegalArgumentException when the key does not decode to 32 bytes
   */
  public CallbackCrypto(String token, String encodingAesKey, String receiver, String receiverKind) {
    this.token = token;
    byte[] aes = aesKey(encodingAesKey);
    this.key = new SecretKeySpec(aes, "AES");
    this.iv = new IvParameterSpec(Arrays.copyOfRange(aes, 0, 16));
    this.receiver = receiver;
    this.receiverKind = receiverKind;
  }

  private static byte[] aesKey(String encodingAesKey) {
    byte[] aes;
    try {
      aes = Base64.getDecoder().decode(encodingAesKey + "=");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the AES key is not Base64", e);
    }
    if (aes.length != 32) {
      throw new IllegalArgumentException("the AES key must decode to 32 bytes");
    }
    return aes;
  }

  /** {@code hex(SHA1(sort(token, timestamp, nonce, encrypt)))}. */
  public String signature(String timestamp, String nonce, String encrypt) {
    String[] parts = {token, timestamp, nonce, encrypt};
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

  /**
   * Checks the signature (in constant time) and decrypts; the message must be encrypted for our
   * receiver.
   */
  public String verifyAndDecrypt(
      String msgSignature, String timestamp, String nonce, String encrypt) throws CryptoException {
    byte[] expected = signature(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
    byte[] given = msgSignature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new CryptoException(Failure.BAD_SIGNATURE, "msg_signature does not match");
    }
    Opened opened = open(encrypt);
    if (!MessageDigest.isEqual(
        receiver.getBytes(StandardCharsets.UTF_8),
        opened.receiver().getBytes(StandardCharsets.UTF_8))) {
      throw new CryptoException(
          Failure.WRONG_RECEIVER, "the message is for another " + receiverKind);
    }
    return opened.message();
  }

  /** Encrypts {@code plain} for our receiver, with a 16-byte {@code random} prefix. */
  public String encrypt(String random, String plain) {
    byte[] randomBytes = random.getBytes(StandardCharsets.UTF_8);
    if (randomBytes.length != 16) {
      throw new IllegalArgumentException("the random prefix must be 16 bytes");
    }
    byte[] text = plain.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(randomBytes);
    out.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
    out.writeBytes(text);
    out.writeBytes(receiver.getBytes(StandardCharsets.UTF_8));
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

  /** Decrypts without checking a signature or the receiver. */
  public Opened open(String encrypt) throws CryptoException {
    return open(key, iv, encrypt);
  }

  /**
   * Decrypts an envelope with only the EncodingAESKey, to learn whom it was encrypted for (the
   * official account checks the receiver after WxJava, which does not, has decrypted it).
   */
  public static Opened open(String encodingAesKey, String encrypt) throws CryptoException {
    byte[] aes;
    try {
      aes = aesKey(encodingAesKey);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(Failure.MALFORMED, e.getMessage());
    }
    return open(
        new SecretKeySpec(aes, "AES"),
        new IvParameterSpec(Arrays.copyOfRange(aes, 0, 16)),
        encrypt);
  }

  private static Opened open(SecretKeySpec key, IvParameterSpec iv, String encrypt)
      throws CryptoException {
    byte[] cipherText;
    try {
      cipherText = Base64.getMimeDecoder().decode(encrypt.strip());
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
    return new Opened(
        new String(plain, 20, length, StandardCharsets.UTF_8),
        new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8));
  }
}
