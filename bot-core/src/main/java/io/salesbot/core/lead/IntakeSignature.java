package io.salesbot.core.lead;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The intake API's request signature: header {@code X-Salesbot-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>." + raw body)>}. Compared in constant time; a timestamp further than the
 * tolerance from now is a replay.
 */
public final class IntakeSignature {
  /** Default replay window. */
  public static final Duration TOLERANCE = Duration.ofSeconds(300);

  private IntakeSignature() {}

  /** The outcome of a check; {@code reason} is safe to show the caller. */
  public sealed interface Check {
    /**
     * A valid signature made at {@code t} (unix seconds). {@link #replayKey()} names the request: a
     * replay of it (the same {@code t} and {@code v1}, so the same body) has the same key.
     */
    record Valid(long t, String v1) implements Check {
      public String replayKey() {
        return "signature|" + t + "|" + v1;
      }
    }

    record Invalid(String reason) implements Check {}
  }

  public static Check verify(
      String header, byte[] body, String secret, Instant now, Duration tolerance) {
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String p = part.strip();
      if (p.startsWith("t=")) {
        try {
          t = Long.parseLong(p.substring(2));
        } catch (NumberFormatException e) {
          return new Check.Invalid("signature timestamp t is not a number");
        }
      } else if (p.startsWith("v1=")) {
        v1 = p.substring(3);
      }
    }
    if (t == null || v1 == null) {
      return new Check.Invalid("signature header must be t=<unix seconds>,v1=<hex hmac-sha256>");
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.getSeconds()) {
      return new Check.Invalid(
          "signature timestamp is more than " + tolerance.getSeconds() + " s from now (replay?)");
    }
    byte[] expected = hmac(secret, t, body);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(v1.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return new Check.Invalid("signature v1 is not hex");
    }
    return MessageDigest.isEqual(expected, given)
        ? new Check.Valid(t, HexFormat.of().formatHex(given))
        : new Check.Invalid("signature does not match the body and the source's secret");
  }

  /** The header value for a body signed at {@code t}, as a client computes it. */
  public static String sign(String secret, long t, byte[] body) {
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
  }

  private static byte[] hmac(String secret, long t, byte[] body) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 refused the key", e);
    }
  }

  /**
   * One {@code Mac} per thread, re-keyed per call: {@code Mac.getInstance} looks the algorithm up
   * among the security providers on every call, once per request on the intake's path.
   */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
          });
}
