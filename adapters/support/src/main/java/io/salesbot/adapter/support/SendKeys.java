package io.salesbot.adapter.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The idempotency key of one platform call: the same logical message (the outbox command, the card
 * version, what the call does) to the same recipients always gets the same key, across the fence's
 * retries, the stream's redeliveries and instances — never a random part. A platform that keeps
 * such keys (WeCom's {@code task_id}, DingTalk's {@code outTrackId}) can then tell a repeat of a
 * call it carried out from a new one, so a send that timed out but went through is not shown twice.
 *
 * <p>The key is the first {@value #LENGTH} hex digits of SHA-256 over the purpose, the command id,
 * the version and the recipients in sorted order: a recipient set in another order is the same
 * call, a different set or version another call.
 */
public final class SendKeys {
  /** Hex digits in a key: 80 bits, so two different calls never meet in practice. */
  public static final int LENGTH = 20;

  private SendKeys() {}

  /**
   * @param purpose what the call does, e.g. {@code send} or {@code update}: the same command may
   *     make calls of both kinds to the same people
   * @param commandId the outbox command the call belongs to
   * @param version the card's version (0 for what has none)
   * @param recipients the recipients of this one call, in any order
   */
  public static String of(String purpose, String commandId, int version, List<String> recipients) {
    StringBuilder text = new StringBuilder();
    text.append(purpose).append('\n').append(commandId).append('\n').append(version);
    for (String r : new TreeSet<>(recipients)) {
      text.append('\n').append(r);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, LENGTH / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
