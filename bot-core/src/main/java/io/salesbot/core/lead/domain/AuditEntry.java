package io.salesbot.core.lead.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a lead's history: who did what, why, and when. {@code eventId} makes the write
 * idempotent: the same (lead, action, event) is stored once however often it is redelivered.
 */
public record AuditEntry(
    String leadId, String actor, String action, String reason, String eventId, Instant at) {
  /** The actor of automatic decisions. */
  public static final String SYSTEM = "system";

  public AuditEntry {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(at, "at");
  }
}
