package io.salesbot.core.lead;

import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadSubmission;
import io.salesbot.core.platform.domain.Address;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable store of leads and their audit trail. Every method that changes a lead writes its audit
 * entry in the same transaction, and every method is safe to call again with the same arguments.
 */
public interface Leads {
  /**
   * Stores a submission as a new lead with id {@code leadId}; or, when a lead with the same phone
   * or openid was created within {@code dedupeWindow}, links the intake to that lead instead (an
   * audit entry {@code merged}); or, when this intake was stored before, returns its lead. Atomic:
   * two concurrent duplicates never create two leads.
   */
  Mono<IngestOutcome> ingest(
      LeadSubmission submission, String leadId, Instant now, Duration dedupeWindow);

  Mono<Lead> findById(String leadId);

  /** The lead an intake id created or was merged into. */
  Mono<Lead> findByIntakeId(String intakeId);

  /** Puts a {@code NEW} lead into a team's pool. A lead already routed is returned unchanged. */
  Mono<Lead> route(String leadId, String teamId, AuditEntry audit);

  /**
   * Gives an unowned lead to {@code rep}, as one conditional write ({@code WHERE owner IS NULL}).
   * {@link ClaimResult.Claimed} when this rep owns it afterwards (also when it already did), {@link
   * ClaimResult.AlreadyClaimed} when someone else does. Empty when the lead does not exist.
   */
  Mono<ClaimResult> claim(String leadId, Address rep, Instant at, AuditEntry audit);

  /** Appends an audit entry; the same (lead, action, event id) is stored once. */
  Mono<Void> audit(AuditEntry entry);

  /** The lead's history, oldest first. */
  Flux<AuditEntry> history(String leadId);
}
