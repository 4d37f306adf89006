package io.salesbot.core.routing.domain;

import io.salesbot.core.lead.domain.ClaimLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How a team distributes leads and how fast its reps must react.
 *
 * @param offerTimeout how long a pushed offer waits for Accept before it moves to the next rep
 * @param maxOpenLeads at most this many claimed, open leads per rep; 0 means no cap
 * @param maxClaimsPerDay at most this many claims per rep per local day; 0 means no cap
 * @param firstTouch the first-touch SLA, from claim to Contacted
 * @param reminderBefore the rep is reminded this long before the first-touch SLA breaches
 */
public record TeamPolicy(
    Strategy strategy,
    Duration offerTimeout,
    int maxOpenLeads,
    int maxClaimsPerDay,
    WorkingHours hours,
    Duration firstTouch,
    Duration reminderBefore) {
  public static final TeamPolicy DEFAULT =
      new TeamPolicy(
          Strategy.GRAB,
          Duration.ofMinutes(5),
          0,
          0,
          WorkingHours.ALWAYS,
          Duration.ofMinutes(15),
          Duration.ofMinutes(5));

  public TeamPolicy {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(hours, "hours");
    positive("offerTimeout", offerTimeout);
    positive("firstTouch", firstTouch);
    Objects.requireNonNull(reminderBefore, "reminderBefore");
    if (reminderBefore.isNegative() || reminderBefore.compareTo(firstTouch) >= 0) {
      throw new IllegalArgumentException("reminderBefore must be 0 or more and below firstTouch");
    }
    if (maxOpenLeads < 0 || maxClaimsPerDay < 0) {
      throw new IllegalArgumentException("caps must be 0 (none) or more");
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public TeamPolicy withStrategy(Strategy s) {
    return new TeamPolicy(
        s, offerTimeout, maxOpenLeads, maxClaimsPerDay, hours, firstTouch, reminderBefore);
  }

  /** The caps as claim limits for the day {@code at} falls in. */
  public ClaimLimits limits(java.time.Instant at) {
    return new ClaimLimits(maxOpenLeads, maxClaimsPerDay, hours.startOfDay(at));
  }
}
