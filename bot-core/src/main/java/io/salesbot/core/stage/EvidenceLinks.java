package io.salesbot.core.stage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download links to evidence files: {@code <base>/evidence/<id>?exp=<epoch
 * seconds>&sig=<base64url HMAC-SHA256(secret, id + "|" + exp)>}. Whoever has the link may download
 * the file until it expires; only salesbot can make one.
 *
 * @param baseUrl salesbot's public address without a trailing slash, or empty for a relative link
 * @param secret at least 16 bytes
 * @param validFor how long a link works after it is made
 */
public record EvidenceLinks(String baseUrl, byte[] secret, Duration validFor) {
  public EvidenceLinks {
    baseUrl = baseUrl.strip();
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    secret = secret.clone();
    if (secret.length < 16) {
      throw new IllegalArgumentException("the link secret must have at least 16 bytes");
    }
    if (validFor.isNegative() || validFor.isZero()) {
      throw new IllegalArgumentException("links must be valid for a positive time");
    }
  }

  /** What a presented link is. */
  public enum Check {
    VALID,
    EXPIRED,
    BAD_SIGNATURE
  }

  /** A link to the evidence, valid from {@code now} for {@link #validFor()}. */
  public String link(String evidenceId, Instant now) {
    long exp = now.plus(validFor).getEpochSecond();
    return baseUrl + "/evidence/" + evidenceId + "?exp=" + exp + "&sig=" + sign(evidenceId, exp);
  }

  /** Checks a presented link: a bad signature wins over an expired one. */
  public Check check(String evidenceId, String exp, String sig, Instant now) {
    long expires;
    try {
      expires = Long.parseLong(exp);
    } catch (NumberFormatException e) {
      return Check.BAD_SIGNATURE;
    }
    byte[] expected = sign(evidenceId, expires).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
      return Check.BAD_SIGNATURE;
    }
    return now.getEpochSecond() >= expires ? Check.EXPIRED : Check.VALID;
  }

  private String sign(String evidenceId, long exp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] sig = mac.doFinal((evidenceId + "|" + exp).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
