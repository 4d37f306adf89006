package io.salesbot.adapter.wecom;

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
 * WeCom's callback crypto (doc path/91144, Tencent's WXBizMsgCrypt samples): {@code msg_signature =
 * hex(SHA1(sort(token, timestamp, nonce, encrypt)))}; AES-256-CBC with IV = key[0:16], PKCS#7 to 32
 * bytes; plaintext {@code random(16) | len(4, big-endian) | msg | receiveid}.
 *
 * <p>Written here rather than taken from WxJava's {@code WxCpCryptUtil}, which compares signatures
 * with {@code String.equals} and throws the receive id away unchecked; the tests check both against
 * each other and against Tencent's official vector.
 */
final class WecomCrypto {
  private static final int BLOCK = 32;

  private final String tokenText;
  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private final String receiveId;

  /** Why a callback was refused. */
  enum Failure {
    BAD_SIGNATURE,
    MALFORMED,
    WRONG_RECEIVER
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

  WecomCrypto(String token, String encodingAesKey, String receiveId) {
    this.tokenText = token;
    byte[] aes = Base64.getDecoder().decode(encodingAesKey + "=");
    if (aes.length != 32) {
      throw new IllegalArgumentException("EncodingAESKey must decode to 32 bytes");
    }
    this.key = new SecretKeySpec(aes, "AES");
    this.iv = new IvParameterSpec(Arrays.copyOfRange(aes, 0, 16));
    this.receiveId = receiveId;
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

  /** Checks the signature (in constant time) and decrypts; the receive id must be the corp id. */
  String verifyAndDecrypt(String msgSignature, String timestamp, String nonce, String encrypt)
      throws CryptoException {
    byte[] expected = signature(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
    byte[] given = msgSignature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new CryptoException(Failure.BAD_SIGNATURE, "msg_signature does not match");
    }
    return decrypt(encrypt);
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
    if (!receiveId.equals(from)) {
      throw new CryptoException(Failure.WRONG_RECEIVER, "the message is for another corp");
    }
    return message;
  }
}
