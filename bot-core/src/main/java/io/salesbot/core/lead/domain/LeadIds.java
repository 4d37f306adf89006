package io.salesbot.core.lead.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic ids, so that retries and redeliveries name the same thing: the same idempotency key
 * or the same source + external id give the same intake id, and one intake id gives one lead id.
 */
public final class LeadIds {
  private LeadIds() {}

  /**
   * The intake id of a submission: derived from the idempotency key if given, else from the
   * source's external id if given, else fresh.
   */
  public static String intakeId(
      String sourceId, @Nullable String idempotencyKey, @Nullable String externalId) {
    if (idempotencyKey != null && !idempotencyKey.isBlank()) {
      return nameUuid("intake|" + sourceId + "|key|" + idempotencyKey.strip());
    }
    if (externalId != null && !externalId.isBlank()) {
      return nameUuid("intake|" + sourceId + "|ext|" + externalId.strip());
    }
    return UUID.randomUUID().toString();
  }

  /** The id of the lead an intake creates. */
  public static String leadId(String intakeId) {
    return nameUuid("lead|" + intakeId);
  }

  /**
   * {@code UUID.nameUUIDFromBytes(name)} (version 3, MD5), with one digest per thread: that method
   * looks MD5 up among the security providers on every call, once per lead on the intake's path.
   */
  static String nameUuid(String name) {
    MessageDigest md5 = MD5.get();
    byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] &= 0x0f; // version 3
    hash[6] |= 0x30;
    hash[8] &= 0x3f; // IETF variant
    hash[8] |= (byte) 0x80;
    return new UUID(ByteBuffer.wrap(hash).getLong(0), ByteBuffer.wrap(hash).getLong(8)).toString();
  }

  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("MD5 is missing from this JVM", e);
            }
          });
}
