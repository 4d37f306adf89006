package io.salesbot.core.sla;

import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.ArrivalListener;
import io.salesbot.core.routing.domain.ResponseSla;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Starts a lead's response SLA when it arrives in a team's pool: a reminder timer (the team is told
 * the lead still waits) and a breach timer (the manager is asked to assign it). Timer ids are made
 * of the lead and its due time, so a redelivered intake schedules nothing twice; each timer carries
 * the lead's version, so after a claim (or anything else that moved the lead) it does nothing. The
 * timers of the leads arriving at the same time are scheduled together, in one {@link
 * Timers#scheduleAll} ({@link GroupCommit}).
 */
public final class ResponseClock implements ArrivalListener {
  public static final String REMIND = "response-remind";
  public static final String BREACH = "response-breach";

  /**
   * How far back {@link #rearm} still arms a timer that fell due (one its old version may miss).
   */
  static final Duration REARM_GRACE = Duration.ofMinutes(1);

  /** Most leads whose timers are scheduled together. */
  static final int MAX = 256;

  private final TeamPolicies policies;
  private final GroupCommit<List<Timer>, List<Timer>> schedules;

  public ResponseClock(Timers timers, TeamPolicies policies) {
    this.policies = policies;
    this.schedules = GroupCommit.ofWrites("leads' SLA timers", MAX, timers::scheduleAll);
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
    return arm(lead, team, null);
  }

  /**
   * Arms {@code lead}'s timers again after it changed in the pool without moving (a repeat intake
   * merged into it): the new version's timers, since the old ones now do nothing — but not those
   * due more than {@link #REARM_GRACE} before {@code now}, which the old version's already fired.
   */
  public Mono<Void> rearm(Lead lead, Team team, Instant now) {
    return arm(lead, team, now.minus(REARM_GRACE));
  }

  private Mono<Void> arm(Lead lead, Team team, @Nullable Instant skipUntil) {
    TeamPolicy policy = policies.of(team.id());
    if (policy.response().off() || lead.status() != LeadStatus.POOLED || lead.owner() != null) {
      return Mono.empty();
    }
    Instant due = due(lead, policy);
    Instant start = policy.hours().nextOpen(lead.createdAt());
    Instant remindAt = policy.response().reminderAt(start, due);
    List<Timer> timers = new ArrayList<>(2);
    if (remindAt != null && (skipUntil == null || !remindAt.isBefore(skipUntil))) {
      timers.add(
          new Timer(
              "response-remind-" + lead.id() + "-" + due.toEpochMilli() + "-v" + lead.version(),
              REMIND,
              lead.id(),
              remindAt,
              due.toEpochMilli() + "|" + lead.version()));
    }
    if (skipUntil == null || !due.isBefore(skipUntil)) {
      timers.add(breach(lead, due));
    }
    return timers.isEmpty() ? Mono.empty() : schedules.submit(timers).then();
  }

  /** Schedules the breach timer of {@code lead} (as it is now) due at {@code due}. */
  static Mono<Void> breachTimer(Timers timers, Lead lead, Instant due) {
    return timers.schedule(breach(lead, due));
  }

  private static Timer breach(Lead lead, Instant due) {
    return new Timer(
        "response-breach-" + lead.id() + "-" + due.toEpochMilli() + "-v" + lead.version(),
        BREACH,
        lead.id(),
        due,
        due.toEpochMilli() + "|" + lead.version());
  }
}
