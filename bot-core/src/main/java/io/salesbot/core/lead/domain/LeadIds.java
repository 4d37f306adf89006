package io.salesbot.core.lead.domain;

import java.nio.charset.StandardCharsets;
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

  private static String nameUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
