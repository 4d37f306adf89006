package io.salesbot.core.sla;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records activity on an owned lead and schedules the follow-up SLA from it: a warning timer per
 * configured step and a recycle timer. Each timer carries the owner and the activity time it was
 * set for; {@link FollowUpTimers} does nothing when a later activity or a new owner came since.
 */
public final class FollowUpClock {
  public static final String WARN = "followup-warn";
  public static final String RECYCLE = "followup-recycle";

  private final FollowUps followUps;
  private final Timers timers;
  private final TeamPolicies policies;

  public FollowUpClock(FollowUps followUps, Timers timers, TeamPolicies policies) {
    this.followUps = followUps;
    this.timers = timers;
    this.policies = policies;
  }

  /** Activity by {@code owner} on a lead of {@code teamId} at {@code at}. */
  public Mono<Void> touched(String leadId, String teamId, Address owner, Instant at) {
    TeamPolicy policy = policies.of(teamId);
    Instant ms = at.truncatedTo(ChronoUnit.MILLIS);
    return followUps
        .touch(leadId, owner, ms)
        .filter(a -> a.owner().equals(owner) && a.lastAt().equals(ms))
        .flatMapMany(a -> Flux.fromIterable(timersFor(leadId, owner, ms, policy)))
        .concatMap(timers::schedule)
        .then();
  }

  static List<Timer> timersFor(String leadId, Address owner, Instant last, TeamPolicy policy) {
    long ms = last.toEpochMilli();
    List<Timer> out = new java.util.ArrayList<>();
    List<Duration> warnings = policy.followUpWarnings();
    for (int i = 0; i < warnings.size(); i++) {
      Duration w = warnings.get(i);
      out.add(
          new Timer(
              "followup-warn-" + leadId + "-" + ms + "-" + i,
              WARN,
              leadId,
              last.plus(w),
              owner + "|" + ms + "|" + w.toMillis()));
    }
    if (!policy.followUpRecycle().isZero()) {
      out.add(
          new Timer(
              "followup-recycle-" + leadId + "-" + ms,
              RECYCLE,
              leadId,
              last.plus(policy.followUpRecycle()),
              owner + "|" + ms + "|" + policy.followUpRecycle().toMillis()));
    }
    return out;
  }
}
