package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimDecision;
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.lead.domain.RepLoad;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Leads} in memory, with the same contract as the PostgreSQL adapter (synchronised). */
public final class InMemoryLeads implements Leads {
  /**
   * When each previous owner lost each lead back to the pool (the re-claim cooldown), to the
   * millisecond as PostgresLeads keeps it.
   */
  private final Map<String, Map<Address, Instant>> recycled = new java.util.HashMap<>();

  private final Map<String, Lead> leads = new LinkedHashMap<>();
  private final Map<String, String> intakes = new LinkedHashMap<>();
  private final List<AuditEntry> audit = new ArrayList<>();

  @Override
  public Mono<IngestOutcome> ingest(LeadSubmission s, String leadId, Instant now, Duration window) {
    // Like the real store, nothing happens until subscribed.
    return Mono.defer(() -> ingestNow(s, leadId, now, window));
  }

  private synchronized Mono<IngestOutcome> ingestNow(
      LeadSubmission s, String leadId, Instant now, Duration window) {
    String known = intakes.get(s.intakeId());
    if (known != null) {
      Lead lead = leads.get(known);
      return Mono.just(
          lead.submission().intakeId().equals(s.intakeId())
              ? new IngestOutcome.AlreadyIngested(lead)
              : new IngestOutcome.Merged(lead, s.intakeId()));
    }
    for (Lead lead : leads.values()) {
      LeadSubmission o = lead.submission();
      boolean same =
          (s.phone() != null && s.phone().equals(o.phone()))
              || (s.openId() != null && s.openId().equals(o.openId()));
      if (same && !lead.createdAt().isBefore(now.minus(window))) {
        intakes.put(s.intakeId(), lead.id());
        appendAudit(
            new AuditEntry(
                lead.id(),
                AuditEntry.SYSTEM,
                "merged",
                "intake " + s.intakeId(),
                s.intakeId(),
                now));
        Lead merged = lead.mergedWith(s);
        leads.put(merged.id(), merged);
        return Mono.just(new IngestOutcome.Merged(merged, s.intakeId()));
      }
    }
    Lead lead = Lead.create(leadId, s, now);
    leads.put(leadId, lead);
    intakes.put(s.intakeId(), leadId);
    appendAudit(
        new AuditEntry(
            leadId, AuditEntry.SYSTEM, "created", "source " + s.sourceId(), s.intakeId(), now));
    return Mono.just(new IngestOutcome.Created(lead));
  }

  @Override
  public synchronized Mono<Lead> findById(String leadId) {
    return Mono.justOrEmpty(leads.get(leadId));
  }

  @Override
  public synchronized Flux<Lead> findByIds(Collection<String> leadIds) {
    return Flux.fromIterable(
        leadIds.stream().distinct().map(leads::get).filter(Objects::nonNull).toList());
  }

  @Override
  public synchronized Mono<Lead> findByIntakeId(String intakeId) {
    String id = intakes.get(intakeId);
    return id == null ? Mono.empty() : Mono.justOrEmpty(leads.get(id));
  }

  @Override
  public Mono<Lead> route(String leadId, String teamId, AuditEntry entry) {
    // Like the real store, nothing happens until subscribed.
    return Mono.defer(() -> routeNow(leadId, teamId, entry));
  }

  private synchronized Mono<Lead> routeNow(String leadId, String teamId, AuditEntry entry) {
    Lead lead = leads.get(leadId);
    if (lead == null) {
      return Mono.empty();
    }
    if (lead.status() != LeadStatus.NEW) {
      return Mono.just(lead);
    }
    Lead routed = lead.routedTo(teamId);
    leads.put(leadId, routed);
    appendAudit(entry);
    return Mono.just(routed);
  }

  @Override
  public Mono<ClaimResult> claimWithin(
      String leadId, Address rep, Instant at, ClaimLimits limits, AuditEntry entry) {
    // Like the real store, nothing happens until subscribed.
    return Mono.defer(() -> claimWithinNow(leadId, rep, at, limits, entry));
  }

  private synchronized Mono<ClaimResult> claimWithinNow(
      String leadId, Address rep, Instant at, ClaimLimits limits, AuditEntry entry) {
    Lead lead = leads.get(leadId);
    if (lead == null) {
      return Mono.empty();
    }
    Instant lost = recycled.getOrDefault(leadId, Map.of()).get(rep);
    ClaimDecision decision =
        ClaimDecision.decide(lead, rep, at, limits, lost, load(rep, limits.dayStart()));
    if (decision instanceof ClaimDecision.Take take) {
      leads.put(leadId, take.claimed());
      appendAudit(entry);
      return Mono.just(new ClaimResult.Claimed(take.claimed()));
    }
    return Mono.just(((ClaimDecision.Answer) decision).result());
  }

  @Override
  public Mono<Lead> transfer(
      String leadId, @Nullable Address from, @Nullable Address to, Instant at, AuditEntry entry) {
    // Like the real store, nothing happens until subscribed.
    return Mono.defer(() -> transferNow(leadId, from, to, at, entry));
  }

  private synchronized Mono<Lead> transferNow(
      String leadId, @Nullable Address from, @Nullable Address to, Instant at, AuditEntry entry) {
    Lead lead = leads.get(leadId);
    if (lead == null
        || (lead.status() != LeadStatus.POOLED && lead.status() != LeadStatus.CLAIMED)
        || !Objects.equals(lead.owner(), from)) {
      return Mono.empty();
    }
    Lead moved = lead.transferredTo(to, at);
    if (to == null && lead.owner() != null) {
      recycled
          .computeIfAbsent(leadId, k -> new java.util.HashMap<>())
          .put(lead.owner(), at.truncatedTo(ChronoUnit.MILLIS));
    }
    leads.put(leadId, moved);
    appendAudit(entry);
    return Mono.just(moved);
  }

  @Override
  public Mono<Lead> close(String leadId, Address owner, LeadStatus to, AuditEntry entry) {
    return Mono.defer(() -> closeNow(leadId, owner, to, entry));
  }

  private synchronized Mono<Lead> closeNow(
      String leadId, Address owner, LeadStatus to, AuditEntry entry) {
    Lead lead = leads.get(leadId);
    if (lead == null || lead.status() != LeadStatus.CLAIMED || !lead.isOwnedBy(owner)) {
      return Mono.empty();
    }
    Lead ended = lead.endedAs(to);
    leads.put(leadId, ended);
    appendAudit(entry);
    return Mono.just(ended);
  }

  @Override
  public synchronized Flux<Lead> pool(String teamId, int offset, int limit) {
    return Flux.fromIterable(
        leads.values().stream()
            .filter(l -> l.status() == LeadStatus.POOLED && teamId.equals(l.teamId()))
            .sorted(Comparator.comparing(Lead::createdAt).thenComparing(Lead::id))
            .skip(offset)
            .limit(limit)
            .toList());
  }

  @Override
  public synchronized Mono<Long> poolSize(String teamId) {
    return Mono.just(
        leads.values().stream()
            .filter(l -> l.status() == LeadStatus.POOLED && teamId.equals(l.teamId()))
            .count());
  }

  @Override
  public synchronized Flux<Lead> ownedBy(Address rep, int limit) {
    return Flux.fromIterable(
        leads.values().stream()
            .filter(l -> l.isOwnedBy(rep))
            .sorted(Comparator.comparing((Lead l) -> l.claimedAt()).reversed())
            .limit(limit)
            .toList());
  }

  @Override
  public synchronized Mono<Map<Address, RepLoad>> loads(
      Collection<Address> reps, Instant dayStart) {
    Map<Address, RepLoad> loads = new LinkedHashMap<>();
    for (Address r : reps) {
      loads.put(r, load(r, dayStart));
    }
    return Mono.just(loads);
  }

  private RepLoad load(Address rep, Instant dayStart) {
    int open = 0;
    int today = 0;
    for (Lead l : leads.values()) {
      if (!l.isOwnedBy(rep) || !(l.status() == LeadStatus.CLAIMED || l.status().ended())) {
        continue;
      }
      if (l.status() == LeadStatus.CLAIMED) {
        open++;
      }
      if (l.claimedAt() != null && !l.claimedAt().isBefore(dayStart)) {
        today++;
      }
    }
    return new RepLoad(open, today);
  }

  @Override
  public synchronized Flux<Lead> findByIdPrefix(String prefix, int limit) {
    // As PostgresLeads: only an id's characters are looked up, and the matches come ordered by id.
    if (!prefix.matches("[0-9a-zA-Z-]{1,64}")) {
      return Flux.empty();
    }
    return Flux.fromIterable(
        leads.values().stream()
            .filter(l -> l.id().startsWith(prefix))
            .sorted(Comparator.comparing(Lead::id))
            .limit(limit)
            .toList());
  }

  @Override
  public Mono<Void> audit(AuditEntry entry) {
    // Like the real store, nothing happens until subscribed.
    return Mono.defer(() -> auditNow(entry));
  }

  private synchronized Mono<Void> auditNow(AuditEntry entry) {
    appendAudit(entry);
    return Mono.empty();
  }

  @Override
  public synchronized Flux<AuditEntry> history(String leadId) {
    return Flux.fromIterable(audit.stream().filter(a -> a.leadId().equals(leadId)).toList());
  }

  @Override
  public Mono<Lead> makeHot(String leadId, AuditEntry entry) {
    // Like the real store, nothing happens until subscribed.
    return Mono.defer(() -> makeHotNow(leadId, entry));
  }

  private synchronized Mono<Lead> makeHotNow(String leadId, AuditEntry entry) {
    Lead lead = leads.get(leadId);
    if (lead == null) {
      return Mono.empty();
    }
    if (lead.submission().priority() == Priority.HOT || lead.status().ended()) {
      return Mono.just(lead);
    }
    Lead hot = lead.madeHot();
    leads.put(leadId, hot);
    appendAudit(entry);
    return Mono.just(hot);
  }

  public synchronized List<Lead> all() {
    return List.copyOf(leads.values());
  }

  private void appendAudit(AuditEntry e) {
    boolean dup =
        audit.stream()
            .anyMatch(
                a ->
                    a.leadId().equals(e.leadId())
                        && a.action().equals(e.action())
                        && Objects.equals(a.eventId(), e.eventId()));
    if (!dup) {
      audit.add(e);
    }
  }
}
