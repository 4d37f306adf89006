package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * What happens when a first-touch timer fires: a reminder to the rep before the breach, and at the
 * breach an escalation card to the team's manager. Both re-check the clock, so a contacted lead, an
 * extended clock or a new owner silences an old timer.
 */
public final class SlaTimers {
  private final SlaClocks clocks;
  private final Leads leads;
  private final TeamDirectory directory;
  private final SlaCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final TeamPolicies policies;
  private final Timers timers;
  private final RecycleLead recycle;
  private final Unacknowledged followUp;

  /**
   * @param followUp e-mails a reminder or escalation nobody acted on (its timers are the durable
   *     timers this class defers with in quiet hours)
   */
  public SlaTimers(
      SlaClocks clocks,
      Leads leads,
      TeamDirectory directory,
      Talk talk,
      TeamPolicies policies,
      Unacknowledged followUp,
      RecycleLead recycle) {
    this.policies = policies;
    this.followUp = followUp;
    this.timers = followUp.timers();
    this.recycle = recycle;
    this.clocks = clocks;
    this.leads = leads;
    this.directory = directory;
    this.cards = new SlaCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  public TimerHandler reminder() {
    return this::remind;
  }

  public TimerHandler breach() {
    return this::breach;
  }

  private Mono<Void> remind(Timer timer) {
    String[] data = timer.data().split("\\|");
    Address owner = Address.parse(data[0]);
    long startedMs = Long.parseLong(data[1]);
    return clocks
        .find(timer.leadId())
        .filter(
            c ->
                c.running()
                    && c.breachedAt() == null
                    && c.owner().equals(owner)
                    && c.startedAt().toEpochMilli() == startedMs)
        .flatMap(
            c ->
                leads
                    .findById(c.leadId())
                    .filterWhen(
                        lead ->
                            RecycleLead.deferIfQuiet(
                                    timer,
                                    policies.of(String.valueOf(lead.teamId())).quiet(),
                                    timers,
                                    clock,
                                    leads,
                                    "first-touch reminder")
                                .map(deferred -> !deferred))
                    .flatMap(
                        lead -> {
                          long minutes =
                              Math.max(0, Duration.between(clock.instant(), c.dueAt()).toMinutes());
                          return leads
                              .audit(
                                  new AuditEntry(
                                      lead.id(),
                                      AuditEntry.SYSTEM,
                                      "sla_reminded",
                                      "first touch due at " + c.dueAt() + "; reminded " + owner,
                                      timer.id(),
                                      clock.instant()))
                              .then(
                                  replies.text(
                                      "remind-" + timer.id(),
                                      messages.get(
                                          "reply.slaReminder",
                                          messages.leadName(lead.submission()),
                                          "#" + lead.shortId(),
                                          minutes),
                                      List.of(owner)))
                              .then(
                                  followUp.arm(
                                      Unacknowledged.FIRST_TOUCH,
                                      timer,
                                      Unacknowledged.What.FIRST_TOUCH_REMINDER,
                                      List.of(owner)));
                        }));
  }

  /**
   * The e-mail follow-up of a first-touch reminder or escalation: sent only if the lead is still
   * waiting for its first touch as the reminder or escalation left it (same owner and start — a
   * breach meanwhile does not make the reminder less true — or the same breach).
   */
  public TimerHandler unacknowledged() {
    return t -> {
      Timer sent = Unacknowledged.original(t);
      String[] data = sent.data().split("\\|");
      boolean escalation = t.data().startsWith(Unacknowledged.What.FIRST_TOUCH_ESCALATION.name());
      long at = Long.parseLong(data[1]);
      return clocks
          .find(sent.leadId())
          .filter(
              c ->
                  c.running()
                      && (escalation
                          ? c.breachedAt() != null && c.dueAt().toEpochMilli() == at
                          : c.owner().equals(Address.parse(data[0]))
                              && c.startedAt().toEpochMilli() == at))
          .flatMap(c -> leads.findById(c.leadId()))
          .flatMap(
              lead ->
                  Mono.justOrEmpty(directory.team(String.valueOf(lead.teamId())))
                      .flatMap(team -> followUp.mail(t, lead, team.name())));
    };
  }

  private Mono<Void> breach(Timer timer) {
    String[] data = timer.data().split("\\|");
    Instant due = Instant.ofEpochMilli(Long.parseLong(data[1]));
    return clocks
        .breach(timer.leadId(), due, clock.instant())
        .map(c -> true)
        // Marked before (e.g. a crash before the card went out): send the same card again.
        .switchIfEmpty(
            clocks
                .find(timer.leadId())
                .map(c -> c.breachedAt() != null && c.dueAt().equals(due) && c.running())
                .defaultIfEmpty(false))
        .filter(go -> go)
        .flatMap(go -> clocks.find(timer.leadId()))
        .flatMap(c -> leads.findById(c.leadId()).flatMap(lead -> escalate(lead, c, timer)));
  }

  private Mono<Void> escalate(Lead lead, SlaClock c, Timer timer) {
    Optional<Team> team = lead.teamId() == null ? Optional.empty() : directory.team(lead.teamId());
    if (team.isEmpty()) {
      return Mono.empty();
    }
    String ownerName = directory.displayName(c.owner());
    Duration sla = Duration.between(c.startedAt(), c.dueAt());
    if (policies.of(team.get().id()).recycleAtBreach()) {
      return recycle
          .recycle(
              lead,
              c.owner(),
              team.get(),
              "first-touch SLA of "
                  + sla.toMinutes()
                  + " min breached by "
                  + ownerName
                  + " ("
                  + c.owner()
                  + "); team "
                  + team.get().id()
                  + " recycles at breach",
              timer.id(),
              messages.get(
                  "reply.breachRecycledRep",
                  messages.leadName(lead.submission()),
                  "#" + lead.shortId()),
              messages.get(
                  "reply.breachRecycledManager",
                  messages.leadName(lead.submission()),
                  "#" + lead.shortId(),
                  ownerName))
          .then();
    }
    AuditEntry audit =
        new AuditEntry(
            lead.id(),
            AuditEntry.SYSTEM,
            "sla_breached",
            "no first touch by "
                + ownerName
                + " ("
                + c.owner()
                + ") within "
                + sla.toMinutes()
                + " min of the claim; escalated to "
                + team.get().managerName(),
            timer.id(),
            clock.instant());
    return leads
        .audit(audit)
        .then(
            replies.perPlatform(
                List.of(team.get().manager()),
                (r, s) ->
                    new DeliverCard(
                        "escalation-" + lead.id() + "-" + c.dueAt().toEpochMilli(),
                        cards.escalation(lead, ownerName, c),
                        r)))
        .then(
            replies.text(
                "breached-" + timer.id(),
                messages.get(
                    "reply.slaBreachedRep",
                    messages.leadName(lead.submission()),
                    "#" + lead.shortId()),
                List.of(c.owner())))
        .then(
            followUp.arm(
                Unacknowledged.FIRST_TOUCH,
                timer,
                Unacknowledged.What.FIRST_TOUCH_ESCALATION,
                List.of(team.get().manager(), c.owner())));
  }
}
