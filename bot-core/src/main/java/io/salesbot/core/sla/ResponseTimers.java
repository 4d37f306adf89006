package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.routing.domain.RepSelector;
import io.salesbot.core.routing.domain.RepState;
import io.salesbot.core.routing.domain.Selection;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * What happens when a response-SLA timer fires for a lead nobody claimed: before the breach the
 * lead is announced to the team again (one card per available rep, or one to the team's group); at
 * the breach the manager gets an escalation card with 指派给… choices and 延长. Both re-check the lead:
 * claimed, moved or re-routed since the timer was set (another version), they do nothing.
 */
public final class ResponseTimers {
  private final Leads leads;
  private final DistributeLead distribute;
  private final TeamDirectory directory;
  private final Timers timers;
  private final Duration extension;
  private final ResponseCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final Unacknowledged followUp;

  public ResponseTimers(
      Leads leads,
      DistributeLead distribute,
      TeamDirectory directory,
      Timers timers,
      Duration extension,
      Talk talk,
      Unacknowledged followUp) {
    this.followUp = followUp;
    this.leads = leads;
    this.distribute = distribute;
    this.directory = directory;
    this.timers = timers;
    this.extension = extension;
    this.cards = new ResponseCards(talk.messages());
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

  /**
   * The e-mail follow-up of a reminder or escalation: sent only while the lead still waits as it
   * did when the reminder or escalation went out.
   */
  public TimerHandler unacknowledged() {
    return t ->
        waiting(Unacknowledged.original(t))
            .flatMap(
                lead ->
                    Mono.justOrEmpty(directory.team(String.valueOf(lead.teamId())))
                        .flatMap(team -> followUp.mail(t, lead, team.name())));
  }

  /** The reps who could take {@code lead} now, least loaded first, or why nobody can. */
  record Candidates(List<ResponseCards.Choice> choices, String reason) {}

  Mono<Candidates> candidates(Lead lead, Team team) {
    return distribute
        .states(team)
        .map(
            states -> {
              Selection s =
                  RepSelector.select(
                      team,
                      distribute.policy(team).withStrategy(Strategy.GRAB),
                      states,
                      Set.of(),
                      0,
                      lead.submission(),
                      clock.instant(),
                      0);
              if (!(s instanceof Selection.Broadcast b)) {
                return new Candidates(List.of(), s.reason());
              }
              List<ResponseCards.Choice> choices =
                  states.stream()
                      .filter(r -> b.reps().contains(r.member().id()))
                      .sorted(
                          Comparator.comparingInt(RepState::openLeads)
                              .thenComparingInt(RepState::claimsToday))
                      .map(
                          r ->
                              new ResponseCards.Choice(
                                  r.member().id(), r.member().name(), r.openLeads()))
                      .toList();
              return new Candidates(choices, s.reason());
            });
  }

  /** The lead, when it still waits in the pool as it did when {@code timer} was set. */
  private Mono<Lead> waiting(Timer timer) {
    long version = Long.parseLong(timer.data().split("\\|")[1]);
    return leads
        .findById(timer.leadId())
        .filter(
            l ->
                l.status() == LeadStatus.POOLED
                    && l.owner() == null
                    && l.version() == version
                    && l.teamId() != null);
  }

  private static Instant due(Timer timer) {
    return Instant.ofEpochMilli(Long.parseLong(timer.data().split("\\|")[0]));
  }

  private Mono<Void> remind(Timer timer) {
    Instant due = due(timer);
    return waiting(timer)
        .flatMap(
            lead -> {
              Optional<Team> team = directory.team(String.valueOf(lead.teamId()));
              if (team.isEmpty()) {
                return Mono.empty();
              }
              return RecycleLead.deferIfQuiet(
                      timer,
                      distribute.policy(team.get()).quiet(),
                      timers,
                      clock,
                      leads,
                      "response-SLA reminder")
                  .flatMap(
                      deferred -> deferred ? Mono.empty() : announce(lead, team.get(), due, timer));
            });
  }

  private Mono<Void> announce(Lead lead, Team team, Instant due, Timer timer) {
    Instant now = clock.instant();
    long waited = Duration.between(lead.createdAt(), now).toMinutes();
    long left = Math.max(0, Duration.between(now, due).toMinutes());
    return candidates(lead, team)
        .flatMap(
            c -> {
              if (c.choices().isEmpty()) {
                return leads.audit(
                    new AuditEntry(
                        lead.id(),
                        AuditEntry.SYSTEM,
                        "response_reminded",
                        "unclaimed "
                            + waited
                            + " min after arrival, due at "
                            + due
                            + "; nobody to remind: "
                            + c.reason(),
                        timer.id(),
                        now));
              }
              List<Address> reps = c.choices().stream().map(ResponseCards.Choice::rep).toList();
              return distribute
                  .audience(team, reps)
                  .flatMap(
                      to ->
                          leads
                              .audit(
                                  new AuditEntry(
                                      lead.id(),
                                      AuditEntry.SYSTEM,
                                      "response_reminded",
                                      "unclaimed "
                                          + waited
                                          + " min after arrival, due at "
                                          + due
                                          + "; announced again to "
                                          + to.stream()
                                              .map(directory::displayName)
                                              .collect(Collectors.joining(", ")),
                                      timer.id(),
                                      now))
                              .then(
                                  replies.perPlatform(
                                      to,
                                      (r, suffix) ->
                                          new DeliverCard(
                                              "response-remind-"
                                                  + lead.id()
                                                  + "-"
                                                  + due.toEpochMilli()
                                                  + suffix,
                                              cards.stillWaiting(lead, team, waited, left),
                                              r,
                                              lead.submission().priority() == Priority.HOT)))
                              .then(
                                  followUp.arm(
                                      Unacknowledged.RESPONSE,
                                      timer,
                                      Unacknowledged.What.REMINDER,
                                      reps)));
            });
  }

  private Mono<Void> breach(Timer timer) {
    Instant due = due(timer);
    return waiting(timer)
        .flatMap(
            lead -> {
              Optional<Team> team = directory.team(String.valueOf(lead.teamId()));
              return team.isEmpty() ? Mono.empty() : escalate(lead, team.get(), due, timer);
            });
  }

  private Mono<Void> escalate(Lead lead, Team team, Instant due, Timer timer) {
    Instant now = clock.instant();
    long waited = Duration.between(lead.createdAt(), now).toMinutes();
    return candidates(lead, team)
        .flatMap(
            c -> {
              String choices =
                  c.choices().isEmpty()
                      ? "nobody available (" + c.reason() + ")"
                      : "choices "
                          + c.choices().stream()
                              .map(ch -> ch.name() + " (" + ch.openLeads() + " open)")
                              .collect(Collectors.joining(", "));
              AuditEntry audit =
                  new AuditEntry(
                      lead.id(),
                      AuditEntry.SYSTEM,
                      "response_breached",
                      "nobody claimed it within the response SLA (arrived "
                          + lead.createdAt()
                          + ", due "
                          + due
                          + "); escalated to "
                          + team.managerName()
                          + ": "
                          + choices,
                      timer.id(),
                      now);
              return leads
                  .audit(audit)
                  .then(
                      replies.perPlatform(
                          List.of(team.manager()),
                          (r, s) ->
                              new DeliverCard(
                                  ResponseCards.escalationId(lead.id(), due),
                                  cards.escalation(
                                      lead,
                                      waited,
                                      due,
                                      c.choices(),
                                      c.reason(),
                                      extension.toMinutes()),
                                  r,
                                  true)))
                  .then(
                      followUp.arm(
                          Unacknowledged.RESPONSE,
                          timer,
                          Unacknowledged.What.ESCALATION,
                          List.of(team.manager())));
            });
  }
}
