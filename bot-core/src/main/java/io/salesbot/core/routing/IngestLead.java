package io.salesbot.core.routing;

import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.domain.RoutingDecision;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Turns a queued submission into a stored lead: de-duplicates it against recent leads (a repeat
 * visit may make the lead hot, {@link RepeatVisit}), routes it to a team by the routing rules and
 * hands it to the team's reps by the team's strategy (grab: a card to every available rep, first
 * claim wins; push: an offer to one rep at a time). Idempotent: running it again for the same
 * intake repeats nothing that was done.
 *
 * <p>Leads handled at the same time are stored together ({@link IngestBatches}: one transaction and
 * a few set-based statements for the batch), routed together ({@link Leads#routeAll}: one statement
 * for the routes and their audit rows), and their teams' reps read together ({@link TeamReads});
 * what happens to each lead is as if it had been handled alone.
 */
public final class IngestLead {
  /** Same phone or openid within this window merges into the existing lead. */
  public static final Duration DEDUPE_WINDOW = Duration.ofDays(30);

  private final RuleRouter router;
  private final DistributeLead distribute;
  private final TeamDirectory directory;
  private final Clock clock;
  private final ArrivalListener arrival;
  private final RepeatVisit repeat;
  private final IngestBatches batches;
  private final GroupCommit<Leads.Routing, Optional<Lead>> routes;

  public IngestLead(
      Leads leads,
      RuleRouter router,
      DistributeLead distribute,
      TeamDirectory directory,
      Talk talk,
      ArrivalListener arrival,
      RepeatVisit repeat) {
    this.arrival = arrival;
    this.repeat = repeat;
    this.router = router;
    this.distribute = distribute;
    this.directory = directory;
    this.clock = talk.clock();
    this.batches = new IngestBatches(leads, clock, DEDUPE_WINDOW);
    this.routes =
        new GroupCommit<>(
            "routes",
            IngestBatches.MAX,
            leads::routeAll,
            r ->
                leads
                    .route(r.leadId(), r.teamId(), r.audit())
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty()));
  }

  public Mono<Void> handle(LeadSubmitted event) {
    String intakeId = event.submission().intakeId();
    return batches
        .ingest(event.submission(), LeadIds.leadId(intakeId))
        .flatMap(
            outcome -> {
              if (outcome instanceof IngestOutcome.Merged merged) {
                return repeat.merged(merged, event);
              }
              return routeAndOffer(outcome.lead(), intakeId);
            });
  }

  private Mono<Void> routeAndOffer(Lead lead, String intakeId) {
    if (lead.status() == LeadStatus.CLAIMED) {
      return Mono.empty();
    }
    if (lead.status() == LeadStatus.POOLED) {
      // A redelivery: offer again (same command ids, so nobody gets a card twice).
      Team team =
          directory.team(Objects.requireNonNull(lead.teamId())).orElse(directory.defaultTeam());
      return arrival
          .arrived(lead, team)
          .then(
              Mono.defer(
                  () ->
                      distribute.policy(team).strategy().pushes()
                          ? distribute.pushNext(lead, team)
                          : distribute
                              .choose(lead, team, Set.of())
                              .flatMap(s -> distribute.grab(lead, team, s))));
    }
    RoutingDecision decision = router.route(lead.submission());
    Team team = decision.team();
    Strategy strategy = distribute.policy(team).strategy();
    if (strategy.pushes()) {
      return route(lead, team, decision.reason() + "; strategy " + strategy.key(), intakeId)
          .flatMap(
              routed ->
                  arrival
                      .arrived(routed, team)
                      .then(Mono.defer(() -> distribute.pushNext(routed, team))));
    }
    return distribute
        .choose(lead, team, Set.of())
        .flatMap(
            selection ->
                route(lead, team, decision.reason() + "; " + selection.reason(), intakeId)
                    .flatMap(
                        routed ->
                            arrival
                                .arrived(routed, team)
                                .then(Mono.defer(() -> distribute.grab(routed, team, selection)))));
  }

  /** Puts the lead in the team's pool; empty when it was routed elsewhere before. */
  private Mono<Lead> route(Lead lead, Team team, String reason, String intakeId) {
    AuditEntry audit =
        new AuditEntry(lead.id(), AuditEntry.SYSTEM, "routed", reason, intakeId, clock.instant());
    return routes
        .submit(new Leads.Routing(lead.id(), team.id(), audit))
        .flatMap(Mono::justOrEmpty)
        .filter(r -> r.status() == LeadStatus.POOLED && team.id().equals(r.teamId()));
  }
}
