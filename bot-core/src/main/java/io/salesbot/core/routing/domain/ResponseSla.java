package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How fast a team must claim a lead after it arrived: the response SLA, from arrival in the pool to
 * a claim. Before the breach the team is reminded once; at the breach the manager is asked to
 * assign it. Time outside working hours does not count: a lead arriving at night is due at the
 * team's opening plus the SLA (and, with paused clocks, quiet hours do not count either).
 *
 * @param sla the response SLA of normal leads; zero turns the response SLA off
 * @param slaHot the response SLA of hot leads
 * @param reminderBefore the team is reminded this long before the breach; zero: no reminder
 */
public record ResponseSla(Duration sla, Duration slaHot, Duration reminderBefore) {
  /** 15 minutes, for hot leads too, with a reminder 5 minutes before. */
  public static final ResponseSla DEFAULT =
      new ResponseSla(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(5));

  /** No response SLA. */
  public static final ResponseSla OFF =
      new ResponseSla(Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public ResponseSla {
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(slaHot, "slaHot");
    Objects.requireNonNull(reminderBefore, "reminderBefore");
    if (sla.isNegative() || slaHot.isNegative() || reminderBefore.isNegative()) {
      throw new IllegalArgumentException("response SLAs and reminder must be 0 or more");
    }
    if (!sla.isZero() && slaHot.isZero()) {
      throw new IllegalArgumentException("slaHot must be positive when sla is");
    }
  }

  public boolean off() {
    return sla.isZero();
  }

  /** The response SLA of a lead of this priority. */
  public Duration of(Priority priority) {
    return priority == Priority.HOT ? slaHot : sla;
  }

  /**
   * When a lead of {@code priority} that arrived at {@code arrival} must be claimed: the SLA counts
   * from the team's next opening (the arrival itself inside working hours), and not during paused
   * quiet hours.
   */
  public Instant due(Instant arrival, Priority priority, WorkingHours hours, QuietHours quiet) {
    return quiet.due(hours.nextOpen(arrival), of(priority));
  }

  /** When the team is reminded of a lead due at {@code due}; null when there is no reminder. */
  public @org.jspecify.annotations.Nullable Instant reminderAt(Instant start, Instant due) {
    if (reminderBefore.isZero() || reminderBefore.compareTo(Duration.between(start, due)) >= 0) {
      return null;
    }
    return due.minus(reminderBefore);
  }

  public String describe() {
    return off()
        ? "off"
        : sla.toMinutes()
            + " min (hot "
            + slaHot.toMinutes()
            + " min), reminder "
            + reminderBefore.toMinutes()
            + " min before";
  }
}
