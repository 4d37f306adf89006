package io.salesbot.core.lead;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.lead.domain.RepLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
   * audit entry {@code merged}) and fills what the lead lacked ({@link Lead#mergedWith}); or, when
   * this intake was stored before, returns its lead. Atomic: two concurrent duplicates never create
   * two leads.
   */
  Mono<IngestOutcome> ingest(
      LeadSubmission submission, String leadId, Instant now, Duration dedupeWindow);

  /** One submission of a batch for {@link #ingestAll}, with the id a new lead gets. */
  record Intake(LeadSubmission submission, String leadId) {}

  /**
   * Ingests a batch exactly as {@link #ingest} would, one submission after the other in the batch's
   * order, all at {@code now}: a submission may merge into a lead created earlier in the same
   * batch, and an intake repeated in the batch is answered like a redelivery. The outcomes come in
   * the batch's order. A store may do it in fewer round trips (set-based writes, one transaction
   * for the batch); when it fails, nothing of the batch is stored and each submission may be
   * ingested again.
   */
  default Mono<List<IngestOutcome>> ingestAll(
      List<Intake> batch, Instant now, Duration dedupeWindow) {
    return Flux.fromIterable(batch)
        .concatMap(i -> ingest(i.submission(), i.leadId(), now, dedupeWindow))
        .collectList();
  }

  Mono<Lead> findById(String leadId);

  /**
   * The leads with these ids, in one read (in no particular order; ids of no lead are left out):
   * for reports over many leads, instead of one {@link #findById} each.
   */
  Flux<Lead> findByIds(Collection<String> leadIds);

  /** The lead an intake id created or was merged into. */
  Mono<Lead> findByIntakeId(String intakeId);

  /** Puts a {@code NEW} lead into a team's pool. A lead already routed is returned unchanged. */
  Mono<Lead> route(String leadId, String teamId, AuditEntry audit);

  /** One lead of a batch for {@link #routeAll}: what {@link #route} takes. */
  record Routing(String leadId, String teamId, AuditEntry audit) {}

  /**
   * Routes a batch exactly as {@link #route} would, one lead after the other in the batch's order:
   * each lead as it is afterwards, in the batch's order, empty for a lead that does not exist. A
   * lead routed before (or earlier in the same batch) is answered unchanged and gets no audit
   * entry. A store may do it in fewer round trips (one set-based write of the leads and their audit
   * rows); when it fails, nothing of the batch is stored and each lead may be routed again.
   */
  default Mono<List<Optional<Lead>>> routeAll(List<Routing> batch) {
    return Flux.fromIterable(batch)
        .concatMap(
            r ->
                route(r.leadId(), r.teamId(), r.audit())
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty()))
        .collectList();
  }

  /**
   * Gives an unowned lead to {@code rep}, as one conditional write ({@code WHERE owner IS NULL}).
   * {@link ClaimResult.Claimed} when this rep owns it afterwards (also when it already did), {@link
   * ClaimResult.AlreadyClaimed} when someone else does. Empty when the lead does not exist.
   */
  default Mono<ClaimResult> claim(String leadId, Address rep, Instant at, AuditEntry audit) {
    return claimWithin(leadId, rep, at, ClaimLimits.NONE, audit);
  }

  /**
   * Like {@link #claim}, but only while the rep is under the caps: {@link ClaimResult.CapReached}
   * otherwise. The cap check and the claim are atomic per rep (two concurrent claims of one rep
   * never both pass a cap they would exceed together).
   */
  Mono<ClaimResult> claimWithin(
      String leadId, Address rep, Instant at, ClaimLimits limits, AuditEntry audit);

  /**
   * Moves a lead from owner {@code from} (null: unowned, in the pool) to {@code to} (null: back to
   * the pool), as one conditional write with its audit entry. Empty when the lead does not exist,
   * is not routed yet, or its owner is not {@code from} (somebody else changed it first).
   */
  Mono<Lead> transfer(
      String leadId, @Nullable Address from, @Nullable Address to, Instant at, AuditEntry audit);

  /** A team's pool (unowned, routed leads), oldest first. */
  /**
   * Ends a lead its deal was won, lost or found invalid: only a lead {@code owner} still owns
   * (status claimed), with its audit row; empty when that no longer holds.
   *
   * @param to {@link LeadStatus#WON}, {@link LeadStatus#LOST} or {@link LeadStatus#INVALID}
   */
  Mono<Lead> close(String leadId, Address owner, LeadStatus to, AuditEntry audit);

  Flux<Lead> pool(String teamId, int offset, int limit);

  /** How many leads are in a team's pool. */
  Mono<Long> poolSize(String teamId);

  /** The leads a rep owns, newest claim first. */
  Flux<Lead> ownedBy(Address rep, int limit);

  /** The load of each rep (reps without leads get {@link RepLoad#NONE}). */
  Mono<Map<Address, RepLoad>> loads(Collection<Address> reps, Instant dayStart);

  /** Leads whose id starts with {@code prefix} (at most {@code limit}), for ids typed in chat. */
  Flux<Lead> findByIdPrefix(String prefix, int limit);

  /** Appends an audit entry; the same (lead, action, event id) is stored once. */
  Mono<Void> audit(AuditEntry entry);

  /** The lead's history, oldest first. */
  Flux<AuditEntry> history(String leadId);

  /**
   * Makes a normal lead hot (a repeat visit showed intent), as one conditional write with its audit
   * entry: the lead afterwards, with a new version when it changed; unchanged (and no audit entry)
   * when it was hot already or has ended; empty when it does not exist.
   */
  Mono<Lead> makeHot(String leadId, AuditEntry audit);
}
