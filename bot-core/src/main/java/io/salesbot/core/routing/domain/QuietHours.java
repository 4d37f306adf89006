package io.salesbot.core.routing.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A team's nightly quiet window: no reminders or warnings go out inside it (they are deferred to
 * its end). {@code start == end} means no quiet hours. With {@code pauseClocks}, SLA clocks do not
 * run inside the window either.
 */
public record QuietHours(ZoneId zone, LocalTime start, LocalTime end, boolean pauseClocks) {
  /** No quiet hours. */
  public static final QuietHours NONE =
      new QuietHours(WorkingHours.DEFAULT_ZONE, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, false);

  /** The default of a configured team: 22:00–08:00 Asia/Shanghai, clocks keep running. */
  public static final QuietHours NIGHT =
      new QuietHours(WorkingHours.DEFAULT_ZONE, LocalTime.of(22, 0), LocalTime.of(8, 0), false);

  public QuietHours {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  public boolean none() {
    return start.equals(end);
  }

  public boolean isQuiet(Instant at) {
    if (none()) {
      return false;
    }
    LocalTime t = at.atZone(zone).toLocalTime();
    return start.isBefore(end)
        ? !t.isBefore(start) && t.isBefore(end)
        : !t.isBefore(start) || t.isBefore(end); // across midnight
  }

  /** When the quiet window {@code at} falls in ends; {@code at} itself when it is not quiet. */
  public Instant endOf(Instant at) {
    if (!isQuiet(at)) {
      return at;
    }
    ZonedDateTime local = at.atZone(zone);
    LocalDate day = local.toLocalDate();
    if (!local.toLocalTime().isBefore(end)) {
      day = day.plusDays(1); // after the start, before midnight: ends tomorrow
    }
    return day.atTime(end).atZone(zone).toInstant();
  }

  /** The next start of a quiet window strictly after {@code at}. */
  Instant nextStart(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    Instant candidate = local.toLocalDate().atTime(start).atZone(zone).toInstant();
    return candidate.isAfter(at)
        ? candidate
        : local.toLocalDate().plusDays(1).atTime(start).atZone(zone).toInstant();
  }

  /**
   * {@code from + sla}, but when clocks pause, quiet time does not count: the due time of an SLA
   * started at {@code from}.
   */
  public Instant due(Instant from, Duration sla) {
    if (none() || !pauseClocks) {
      return from.plus(sla);
    }
    Instant t = endOf(from);
    Duration left = sla;
    while (true) {
      Instant quiet = nextStart(t);
      Duration open = Duration.between(t, quiet);
      if (left.compareTo(open) <= 0) {
        return t.plus(left);
      }
      left = left.minus(open);
      t = endOf(quiet);
    }
  }

  public String describe() {
    return none() ? "none" : start + "-" + end + " " + zone + (pauseClocks ? ", clocks pause" : "");
  }
}
