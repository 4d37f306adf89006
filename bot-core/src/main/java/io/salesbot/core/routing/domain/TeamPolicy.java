package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.ClaimLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a team distributes leads and how fast its reps must react.
 *
 * @param offerTimeout how long a pushed offer waits for Accept before it moves to the next rep
 * @param maxOpenLeads at most this many claimed, open leads per rep; 0 means no cap
 * @param maxClaimsPerDay at most this many claims per rep per local day; 0 means no cap
 * @param firstTouch the first-touch SLA of normal leads, from claim to Contacted
 * @param reminderBefore the rep is reminded this long before the first-touch SLA breaches
 * @param firstTouchHot the first-touch SLA of hot leads
 * @param quiet the quiet hours (no reminders or warnings; optionally paused clocks)
 * @param followUpWarnings after this long without activity on an owned lead the rep is warned,
 *     ascending
 * @param followUpRecycle after this long without activity the lead goes back to the pool; 0: never
 * @param recycleAtBreach a first-touch breach sends the lead back to the pool at once
 * @param reclaimCooldown a previous owner may not claim a recycled lead for this long
 * @param leave the dates each rep is on leave (in the working-hours time zone)
 * @param response the response SLA, from a lead's arrival in the pool to its claim
 */
public record TeamPolicy(
    Strategy strategy,
    Duration offerTimeout,
    int maxOpenLeads,
    int maxClaimsPerDay,
    WorkingHours hours,
    Duration firstTouch,
    Duration reminderBefore,
    Duration firstTouchHot,
    QuietHours quiet,
    List<Duration> followUpWarnings,
    Duration followUpRecycle,
    boolean recycleAtBreach,
    Duration reclaimCooldown,
    Map<Address, Set<LocalDate>> leave,
    ResponseSla response) {
  public static final List<Duration> DEFAULT_WARNINGS =
      List.of(Duration.ofDays(3), Duration.ofDays(5));
  public static final Duration DEFAULT_RECYCLE = Duration.ofDays(7);
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

  public static final TeamPolicy DEFAULT =
      new TeamPolicy(
          Strategy.GRAB,
          Duration.ofMinutes(5),
          0,
          0,
          WorkingHours.ALWAYS,
          Duration.ofMinutes(15),
          Duration.ofMinutes(5));

  /** A policy with the defaults of everything added after the first-touch SLA. */
  public TeamPolicy(
      Strategy strategy,
      Duration offerTimeout,
      int maxOpenLeads,
      int maxClaimsPerDay,
      WorkingHours hours,
      Duration firstTouch,
      Duration reminderBefore) {
    this(
        strategy,
        offerTimeout,
        maxOpenLeads,
        maxClaimsPerDay,
        hours,
        firstTouch,
        reminderBefore,
        firstTouch,
        QuietHours.NONE,
        DEFAULT_WARNINGS,
        DEFAULT_RECYCLE,
        false,
        DEFAULT_COOLDOWN,
        Map.of());
  }

  /** A policy with the default response SLA. */
  public TeamPolicy(
      Strategy strategy,
      Duration offerTimeout,
      int maxOpenLeads,
      int maxClaimsPerDay,
      WorkingHours hours,
      Duration firstTouch,
      Duration reminderBefore,
      Duration firstTouchHot,
      QuietHours quiet,
      List<Duration> followUpWarnings,
      Duration followUpRecycle,
      boolean recycleAtBreach,
      Duration reclaimCooldown,
      Map<Address, Set<LocalDate>> leave) {
    this(
        strategy,
        offerTimeout,
        maxOpenLeads,
        maxClaimsPerDay,
        hours,
        firstTouch,
        reminderBefore,
        firstTouchHot,
        quiet,
        followUpWarnings,
        followUpRecycle,
        recycleAtBreach,
        reclaimCooldown,
        leave,
        ResponseSla.DEFAULT);
  }

  public TeamPolicy {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(quiet, "quiet");
    positive("offerTimeout", offerTimeout);
    positive("firstTouch", firstTouch);
    positive("firstTouchHot", firstTouchHot);
    Objects.requireNonNull(reminderBefore, "reminderBefore");
    if (reminderBefore.isNegative() || reminderBefore.compareTo(firstTouch) >= 0) {
      throw new IllegalArgumentException("reminderBefore must be 0 or more and below firstTouch");
    }
    if (maxOpenLeads < 0 || maxClaimsPerDay < 0) {
      throw new IllegalArgumentException("caps must be 0 (none) or more");
    }
    followUpWarnings = List.copyOf(followUpWarnings);
    Objects.requireNonNull(followUpRecycle, "followUpRecycle");
    Objects.requireNonNull(reclaimCooldown, "reclaimCooldown");
    if (followUpRecycle.isNegative() || reclaimCooldown.isNegative()) {
      throw new IllegalArgumentException("followUpRecycle and reclaimCooldown must be 0 or more");
    }
    Duration previous = Duration.ZERO;
    for (Duration w : followUpWarnings) {
      if (w.compareTo(previous) <= 0) {
        throw new IllegalArgumentException("followUpWarnings must be positive and ascending");
      }
      if (!followUpRecycle.isZero() && w.compareTo(followUpRecycle) >= 0) {
        throw new IllegalArgumentException("followUpWarnings must come before followUpRecycle");
      }
      previous = w;
    }
    leave = Map.copyOf(leave);
    Objects.requireNonNull(response, "response");
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public TeamPolicy withStrategy(Strategy s) {
    return new TeamPolicy(
        s,
        offerTimeout,
        maxOpenLeads,
        maxClaimsPerDay,
        hours,
        firstTouch,
        reminderBefore,
        firstTouchHot,
        quiet,
        followUpWarnings,
        followUpRecycle,
        recycleAtBreach,
        reclaimCooldown,
        leave,
        response);
  }

  public TeamPolicy withResponse(ResponseSla r) {
    return new TeamPolicy(
        strategy,
        offerTimeout,
        maxOpenLeads,
        maxClaimsPerDay,
        hours,
        firstTouch,
        reminderBefore,
        firstTouchHot,
        quiet,
        followUpWarnings,
        followUpRecycle,
        recycleAtBreach,
        reclaimCooldown,
        leave,
        r);
  }

  /** The first-touch SLA of a lead of this priority. */
  public Duration firstTouch(Priority priority) {
    return priority == Priority.HOT ? firstTouchHot : firstTouch;
  }

  /** Whether {@code rep} is on leave on the local day {@code at} falls in. */
  public boolean onLeave(Address rep, Instant at) {
    Set<LocalDate> days = leave.get(rep);
    return days != null && days.contains(at.atZone(hours.zone()).toLocalDate());
  }

  /** The caps as claim limits for the day {@code at} falls in. */
  public ClaimLimits limits(Instant at) {
    return new ClaimLimits(
        maxOpenLeads, maxClaimsPerDay, hours.startOfDay(at), at.minus(reclaimCooldown));
  }
}
