package io.salesbot.core.lead;

import io.salesbot.core.card.Cards;
import io.salesbot.core.card.Messages;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.platform.Replies;
import io.salesbot.core.platform.domain.Address;
import io.salesbot.core.platform.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.platform.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.routing.RegionRouter;
import io.salesbot.core.routing.domain.RoutingDecision;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Turns a queued submission into a stored lead: de-duplicates it against recent leads, routes it to
 * a team and offers it to the team's reps as a card (grab mode: first claim wins). Idempotent:
 * running it again for the same intake repeats nothing that was done.
 */
public final class IngestLead {
  /** Same phone or openid within this window merges into the existing lead. */
  public static final Duration DEDUPE_WINDOW = Duration.ofDays(30);

  private final Leads leads;
  private final RegionRouter router;
  private final TeamDirectory directory;
  private final Cards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public IngestLead(
      Leads leads,
      RegionRouter router,
      TeamDirectory directory,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock) {
    this.leads = leads;
    this.router = router;
    this.directory = directory;
    this.cards = cards;
    this.messages = messages;
    this.replies = replies;
    this.clock = clock;
  }

  public Mono<Void> handle(LeadSubmitted event) {
    String intakeId = event.submission().intakeId();
    return leads
        .ingest(event.submission(), LeadIds.leadId(intakeId), clock.instant(), DEDUPE_WINDOW)
        .flatMap(
            outcome -> {
              if (outcome instanceof IngestOutcome.Merged merged) {
                return tellOwnerOfMerge(merged, event);
              }
              return routeAndOffer(outcome.lead(), intakeId);
            });
  }

  private Mono<Void> tellOwnerOfMerge(IngestOutcome.Merged merged, LeadSubmitted event) {
    Address owner = merged.lead().owner();
    if (owner == null) {
      return Mono.empty();
    }
    String text =
        messages.get(
            "reply.merged",
            merged.lead().submission().displayName(),
            event.submission().sourceId());
    return replies.text("merged-" + merged.intakeId(), text, List.of(owner));
  }

  private Mono<Void> routeAndOffer(Lead lead, String intakeId) {
    if (lead.status() == LeadStatus.CLAIMED) {
      return Mono.empty();
    }
    Mono<Lead> routed;
    if (lead.status() == LeadStatus.NEW) {
      RoutingDecision decision = router.route(lead.submission());
      AuditEntry audit =
          new AuditEntry(
              lead.id(),
              AuditEntry.SYSTEM,
              "routed",
              decision.reason() + "; grab mode: offered to every rep of the team",
              intakeId,
              clock.instant());
      routed = leads.route(lead.id(), decision.team().id(), audit);
    } else {
      routed = Mono.just(lead);
    }
    return routed.flatMap(this::offer);
  }

  private Mono<Void> offer(Lead lead) {
    if (lead.status() != LeadStatus.POOLED || lead.teamId() == null) {
      return Mono.empty();
    }
    Team team =
        directory.team(Objects.requireNonNull(lead.teamId())).orElse(directory.defaultTeam());
    List<Address> reps = team.members().stream().map(Member::id).toList();
    if (reps.isEmpty()) {
      return leads.audit(
          new AuditEntry(
              lead.id(),
              AuditEntry.SYSTEM,
              "offer_skipped",
              "team " + team.id() + " has no reps; the lead waits in the pool",
              "offer",
              clock.instant()));
    }
    return replies.perPlatform(
        reps,
        (recipients, suffix) ->
            new DeliverCard(
                "offer-" + lead.id() + suffix, cards.leadOffer(lead, team), recipients));
  }
}
