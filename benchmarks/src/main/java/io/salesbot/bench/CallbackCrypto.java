package io.salesbot.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platforms' side of the callback crypto that WeCom ({@code WXBizMsgCrypt}) and DingTalk
 * ({@code DingCallbackCrypto}) share: AES-256-CBC with the key {@code Base64(aesKey + "=")} and IV
 * = key[0:16], plaintext {@code random(16) | len(4, big-endian) | msg | receiveId}, PKCS#7 padded
 * to 32 bytes; {@code msg_signature = hex(SHA1(sort(token, timestamp, nonce, encrypt)))}. Written
 * here (a few lines) so the load generator needs neither WxJava nor salesbot's adapters.
 */
final class CallbackCrypto {
  private static final int BLOCK = 32;

  private final String token;
  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private final byte[] receiveId;

  CallbackCrypto(String token, String aesKey, String receiveId) {
    byte[] aes = Base64.getDecoder().decode(aesKey + "=");
    if (aes.length != 32) {
      throw new IllegalArgumentException("the AES key must decode to 32 bytes");
    }
    this.token = token;
    this.key = new SecretKeySpec(aes, "AES");
    this.iv = new IvParameterSpec(Arrays.copyOfRange(aes, 0, 16));
    this.receiveId = receiveId.getBytes(StandardCharsets.UTF_8);
  }

  String encrypt(byte[] random16, String plain) {
    byte[] text = plain.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 64);
    out.writeBytes(random16);
    out.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
    out.writeBytes(text);
    out.writeBytes(receiveId);
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

  /** The message inside {@code encrypt}; checks the padding and the receive id. */
  String decrypt(String encrypt) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, iv);
      byte[] plain = cipher.doFinal(Base64.getDecoder().decode(encrypt));
      int end = plain.length - (plain[plain.length - 1] & 0xff);
      int length = ByteBuffer.wrap(plain, 16, 4).getInt();
      if (!Arrays.equals(Arrays.copyOfRange(plain, 20 + length, end), receiveId)) {
        throw new IllegalStateException("the answer is encrypted for another receiver");
      }
      return new String(plain, 20, length, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt the answer", e);
    }
  }

  String signature(String timestamp, String nonce, String encrypt) {
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
}
