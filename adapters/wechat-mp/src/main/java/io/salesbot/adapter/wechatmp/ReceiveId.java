package io.salesbot.adapter.wechatmp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Reads the receiveid (the AppID the message was encrypted for) out of a safe-mode envelope. WxJava
 * 4.7.3.B decrypts without checking it, so a message encrypted for another account with the same
 * key would otherwise pass. Layout after AES-256-CBC (key = Base64(aesKey + "="), IV = first 16 key
 * bytes, PKCS#7 to 32): 16 random bytes, 4-byte length, the XML, the receiveid.
 */
final class ReceiveId {
  private static final Pattern ENCRYPT =
      Pattern.compile("<Encrypt>\\s*(?:<!\\[CDATA\\[)?([A-Za-z0-9+/=\\s]+?)(?:]]>)?\\s*</Encrypt>");

  private ReceiveId() {}

  static @Nullable String of(String aesKey, String body) {
    Matcher m = ENCRYPT.matcher(body);
    if (!m.find()) {
      return null;
    }
    try {
      byte[] key = Base64.getDecoder().decode(aesKey + "=");
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
      byte[] plain = cipher.doFinal(Base64.getMimeDecoder().decode(m.group(1)));
      int pad = plain[plain.length - 1] & 0xff;
      if (pad < 1 || pad > 32 || pad > plain.length) {
        return null;
      }
      byte[] content = Arrays.copyOfRange(plain, 0, plain.length - pad);
      if (content.length < 20) {
        return null;
      }
      int len =
          ((content[16] & 0xff) << 24)
              | ((content[17] & 0xff) << 16)
              | ((content[18] & 0xff) << 8)
              | (content[19] & 0xff);
      if (len < 0 || 20 + len > content.length) {
        return null;
      }
      return new String(content, 20 + len, content.length - 20 - len, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
