package io.salesbot.adapter.sms.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun's RPC request signature, version 1.0 with HMAC-SHA1: the parameters (all but {@code
 * Signature}) sorted by name and percent-encoded into a canonical query; the string to sign is
 * {@code GET&%2F&} followed by that query percent-encoded once more; the signature is
 * Base64(HMAC-SHA1(secret + "&", string to sign)). Percent-encoding is RFC 3986's: every byte of
 * the UTF-8 form but {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XY} (so a space is {@code %20},
 * {@code *} is {@code %2A}, {@code ~} stays).
 */
public final class AliyunSignature {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private AliyunSignature() {}

  /** RFC 3986 percent-encoding of the UTF-8 bytes of {@code s}. */
  public static String percentEncode(String s) {
    StringBuilder out = new StringBuilder(s.length() * 3 / 2);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** {@code name=value&…}, sorted by name, both percent-encoded; {@code Signature} left out. */
  public static String canonicalQuery(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(params)
        .forEach(
            (name, value) -> {
              if (!name.equals("Signature")) {
                if (!out.isEmpty()) {
                  out.append('&');
                }
                out.append(percentEncode(name)).append('=').append(percentEncode(value));
              }
            });
    return out.toString();
  }

  /** The string to sign of a GET request. */
  public static String stringToSign(Map<String, String> params) {
    return "GET&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(params));
  }

  /** The {@code Signature} parameter (before it is percent-encoded into the URL). */
  public static String sign(Map<String, String> params, String accessKeySecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(
          new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign(params).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available", e);
    }
  }
}
