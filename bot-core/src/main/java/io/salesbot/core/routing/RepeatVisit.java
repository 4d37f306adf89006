package io.salesbot.core.routing;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Intent from behaviour (多次访问): an intake merged into an open lead (same phone or openid, {@link
 * Leads#ingest}) that came within {@code window} of the lead's previous visit (its creation or an
 * earlier merged intake) makes the lead hot, with an audit entry saying why; the owner is told
 * ("客户再次访问：…"), or, while nobody owns it, the team's offer card is updated to show it hot; and the
 * {@link PriorityListener} moves its SLAs to the hot ones. A merge outside the window, or into an
 * ended lead, only tells the owner as before. Idempotent: a redelivered intake finds the same
 * visits in the history, raises nothing twice and repeats the same command ids.
 */
public final class RepeatVisit {
  /** The audit action of a lead made hot by a repeat visit. */
  public static final String MADE_HOT = "made_hot";

  private final Leads leads;
  private final TeamDirectory directory;
  private final DistributeLead distribute;
  private final Talk talk;
  private final Duration window;
  private final PriorityListener listener;

  /**
   * @param window how close to the previous visit a repeat visit must come to make the lead hot;
   *     zero turns this off (a repeat visit only merges)
   */
  public RepeatVisit(
      Leads leads,
      TeamDirectory directory,
      DistributeLead distribute,
      Talk talk,
      Duration window,
      PriorityListener listener) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("the repeat window must not be negative: " + window);
    }
    this.leads = leads;
    this.directory = directory;
    this.distribute = distribute;
    this.talk = talk;
    this.window = window;
    this.listener = listener;
  }

  public Mono<Void> merged(IngestOutcome.Merged merged, LeadSubmitted event) {
    // Whatever else happens, the merge moved the lead's version: its SLA timers follow it.
    return visit(merged, event).then(Mono.defer(() -> timersFollow(merged.lead().id())));
  }

  private Mono<Void> visit(IngestOutcome.Merged merged, LeadSubmitted event) {
    Lead lead = merged.lead();
    if (window.isZero() || lead.status().ended()) {
      return tellMerged(lead, event);
    }
    return gapToPreviousVisit(lead.id(), merged.intakeId())
        .filter(gap -> gap.compareTo(window) <= 0)
        .flatMap(gap -> repeat(lead, event, gap).thenReturn(true))
        .switchIfEmpty(Mono.defer(() -> tellMerged(lead, event).thenReturn(false)))
        .then();
  }

  /** The lead as it is now, to the listener, so that timers armed for an older version follow. */
  private Mono<Void> timersFollow(String leadId) {
    return leads
        .findById(leadId)
        .filter(l -> l.teamId() != null)
        .flatMap(
            l ->
                Mono.justOrEmpty(directory.team(l.teamId()))
                    .flatMap(team -> listener.merged(l, team, talk.clock().instant())));
  }

  /**
   * How long after the lead's previous visit this intake came, from the lead's history: this
   * intake's {@code merged} entry against the latest {@code created} or {@code merged} entry of
   * another intake before it.
   */
  private Mono<Duration> gapToPreviousVisit(String leadId, String intakeId) {
    return leads
        .history(leadId)
        .filter(a -> "created".equals(a.action()) || "merged".equals(a.action()))
        .collectList()
        .flatMap(
            visits -> {
              Optional<Instant> now =
                  visits.stream()
                      .filter(a -> intakeId.equals(a.eventId()))
                      .map(AuditEntry::at)
                      .findFirst();
              if (now.isEmpty()) {
                return Mono.empty();
              }
              return Mono.justOrEmpty(
                  visits.stream()
                      .filter(a -> !intakeId.equals(a.eventId()))
                      .map(AuditEntry::at)
                      .filter(at -> !at.isAfter(now.get()))
                      .max(Instant::compareTo)
                      .map(previous -> Duration.between(previous, now.get())));
            });
  }

  private Mono<Void> repeat(Lead lead, LeadSubmitted event, Duration gap) {
    String intakeId = event.submission().intakeId();
    Instant now = talk.clock().instant();
    String reason =
        "repeat visit: intake "
            + intakeId
            + " from source "
            + event.submission().sourceId()
            + " came "
            + compact(gap)
            + " after the previous one (repeat window "
            + compact(window)
            + "): priority hot, the hot SLAs apply";
    boolean wasHot = lead.submission().priority() == Priority.HOT;
    return leads
        .makeHot(
            lead.id(),
            new AuditEntry(lead.id(), AuditEntry.SYSTEM, MADE_HOT, reason, intakeId, now))
        .flatMap(
            hot -> {
              Optional<Team> team =
                  hot.teamId() == null ? Optional.empty() : directory.team(hot.teamId());
              Mono<Void> sla =
                  wasHot || team.isEmpty() ? Mono.empty() : listener.madeHot(hot, team.get());
              return tellRepeat(hot, team, event).then(sla);
            });
  }

  /** The owner gets a message; a pooled lead's offer card is shown again, hot, to its audience. */
  private Mono<Void> tellRepeat(Lead lead, Optional<Team> team, LeadSubmitted event) {
    String intakeId = event.submission().intakeId();
    Address owner = lead.owner();
    Messages messages = talk.messages();
    Replies replies = talk.replies();
    if (owner != null) {
      String text =
          messages.get(
              "reply.repeatVisit",
              messages.leadName(lead.submission()),
              "#" + lead.shortId(),
              event.submission().sourceId());
      return replies.text("repeat-" + intakeId, text, List.of(owner));
    }
    if (lead.status() != LeadStatus.POOLED || team.isEmpty()) {
      return Mono.empty();
    }
    Team t = team.get();
    if (distribute.policy(t).strategy().pushes()) {
      // A pushed offer is with one rep at a time; its next card shows the lead hot.
      return Mono.empty();
    }
    LeadCards cards = new LeadCards(messages);
    return distribute
        .choose(lead, t, Set.of())
        .flatMap(
            s ->
                s instanceof io.salesbot.core.routing.domain.Selection.Broadcast b
                    ? distribute.audience(t, b.reps())
                    : Mono.<List<Address>>empty())
        .flatMap(
            to ->
                replies.perPlatform(
                    to,
                    (r, suffix) ->
                        new UpdateCard(
                            "repeat-" + intakeId + suffix, cards.leadOffer(lead, t), r)));
  }

  /** As before: the owner of a lead that got a merged intake is told. */
  private Mono<Void> tellMerged(Lead lead, LeadSubmitted event) {
    Address owner = lead.owner();
    if (owner == null) {
      return Mono.empty();
    }
    Messages messages = talk.messages();
    String text =
        messages.get(
            "reply.merged", messages.leadName(lead.submission()), event.submission().sourceId());
    return talk.replies().text("merged-" + event.submission().intakeId(), text, List.of(owner));
  }

  /** 2d, 5h, 12m, 30s: the largest whole unit, for the audit. */
  static String compact(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
