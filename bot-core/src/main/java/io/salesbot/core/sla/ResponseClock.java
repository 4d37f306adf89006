package io.salesbot.core.sla;

import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.ArrivalListener;
import io.salesbot.core.routing.domain.ResponseSla;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import reactor.core.publisher.Mono;

/**
 * Starts a lead's response SLA when it arrives in a team's pool: a reminder timer (the team is told
 * the lead still waits) and a breach timer (the manager is asked to assign it). Timer ids are made
 * of the lead and its due time, so a redelivered intake schedules nothing twice; each timer carries
 * the lead's version, so after a claim (or anything else that moved the lead) it does nothing.
 */
public final class ResponseClock implements ArrivalListener {
  public static final String REMIND = "response-remind";
  public static final String BREACH = "response-breach";

  private final Timers timers;
  private final TeamPolicies policies;

  public ResponseClock(Timers timers, TeamPolicies policies) {
    this.timers = timers;
    this.policies = policies;
  }

  /**
   * When {@code lead} must be claimed under its team's policy: from its arrival, counting from the
   * team's opening when it arrived outside working hours; null when the team has no response SLA.
   */
  public static Instant due(Lead lead, TeamPolicy policy) {
    ResponseSla r = policy.response();
    Instant arrival = lead.createdAt().truncatedTo(ChronoUnit.MILLIS);
    return r.due(arrival, lead.submission().priority(), policy.hours(), policy.quiet())
        .truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public Mono<Void> arrived(Lead lead, Team team) {
    TeamPolicy policy = policies.of(team.id());
    if (policy.response().off() || lead.status() != LeadStatus.POOLED || lead.owner() != null) {
      return Mono.empty();
    }
    Instant due = due(lead, policy);
    Instant start = policy.hours().nextOpen(lead.createdAt());
    Instant remindAt = policy.response().reminderAt(start, due);
    String data = due.toEpochMilli() + "|" + lead.version();
    Mono<Void> remind =
        remindAt == null
            ? Mono.empty()
            : timers.schedule(
                new Timer(
                    "response-remind-" + lead.id() + "-" + due.toEpochMilli(),
                    REMIND,
                    lead.id(),
                    remindAt,
                    data));
    return remind.then(breachTimer(timers, lead, due));
  }

  /** The breach timer of {@code lead} (as it is now) due at {@code due}. */
  static Mono<Void> breachTimer(Timers timers, Lead lead, Instant due) {
    return timers.schedule(
        new Timer(
            "response-breach-" + lead.id() + "-" + due.toEpochMilli(),
            BREACH,
            lead.id(),
            due,
            due.toEpochMilli() + "|" + lead.version()));
  }
}
