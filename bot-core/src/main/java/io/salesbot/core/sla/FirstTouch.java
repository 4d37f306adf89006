package io.salesbot.core.sla;

import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.OwnerListener;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Starts a lead's first-touch clock when a rep gets it (claim, accepted offer, assignment) and
 * schedules its reminder and breach timers. Idempotent: the clock's start is the claim time.
 */
public final class FirstTouch implements OwnerListener {
  public static final String REMIND = "sla-remind";
  public static final String BREACH = "sla-breach";

  private final SlaClocks clocks;
  private final Timers timers;
  private final TeamPolicies policies;
  private final FollowUpClock followUp;

  public FirstTouch(
      SlaClocks clocks, Timers timers, TeamPolicies policies, FollowUpClock followUp) {
    this.clocks = clocks;
    this.timers = timers;
    this.policies = policies;
    this.followUp = followUp;
  }

  /** Starts the clock of a claimed lead for its owner. */
  @Override
  public Mono<Void> ownerTook(Lead lead) {
    return start(lead);
  }

  public Mono<Void> start(Lead lead) {
    if (lead.owner() == null || lead.claimedAt() == null) {
      return Mono.empty();
    }
    TeamPolicy policy = policies.of(String.valueOf(lead.teamId()));
    // Milliseconds: the timers carry the start and due time as epoch milliseconds.
    Instant at = Objects.requireNonNull(lead.claimedAt()).truncatedTo(ChronoUnit.MILLIS);
    // Per priority; with paused clocks, quiet hours do not count towards the SLA.
    Instant due = policy.quiet().due(at, policy.firstTouch(lead.submission().priority()));
    SlaClock fresh = new SlaClock(lead.id(), lead.owner(), at, due, null, null, null);
    Mono<Void> followUps =
        followUp.touched(
            lead.id(), String.valueOf(lead.teamId()), Objects.requireNonNull(lead.owner()), at);
    return clocks
        .start(fresh)
        .flatMap(
            clock -> {
              Mono<Void> remind =
                  policy.reminderBefore().isZero()
                          || policy.reminderBefore().compareTo(Duration.between(at, due)) >= 0
                      ? Mono.empty()
                      : timers.schedule(
                          new Timer(
                              "sla-remind-" + lead.id() + "-" + at.toEpochMilli(),
                              REMIND,
                              lead.id(),
                              clock.dueAt().minus(policy.reminderBefore()),
                              clock.owner() + "|" + at.toEpochMilli()));
              return remind.then(breachTimer(clock));
            })
        .then(followUps);
  }

  /** The breach timer of a clock, at its due time. */
  public Mono<Void> breachTimer(SlaClock clock) {
    return timers.schedule(
        new Timer(
            "sla-breach-" + clock.leadId() + "-" + clock.dueAt().toEpochMilli(),
            BREACH,
            clock.leadId(),
            clock.dueAt(),
            clock.owner() + "|" + clock.dueAt().toEpochMilli()));
  }
}
