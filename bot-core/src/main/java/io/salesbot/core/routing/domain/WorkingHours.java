package io.salesbot.core.routing.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a team takes leads: days of the week and a daily window in a time zone, minus public
 * holidays. {@code start == end} means all day.
 */
public record WorkingHours(
    ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end, Set<LocalDate> holidays) {
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  /** Every day, all day, in Asia/Shanghai. */
  public static final WorkingHours ALWAYS =
      new WorkingHours(
          DEFAULT_ZONE,
          EnumSet.allOf(DayOfWeek.class),
          LocalTime.MIDNIGHT,
          LocalTime.MIDNIGHT,
          Set.of());

  public WorkingHours {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    holidays = Set.copyOf(holidays);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("working hours need at least one day");
    }
  }

  public boolean isOpen(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    if (!days.contains(local.getDayOfWeek()) || holidays.contains(local.toLocalDate())) {
      return false;
    }
    if (start.equals(end)) {
      return true;
    }
    LocalTime t = local.toLocalTime();
    return start.isBefore(end)
        ? !t.isBefore(start) && t.isBefore(end)
        : !t.isBefore(start) || t.isBefore(end); // a window across midnight
  }

  /**
   * The first instant at or after {@code at} when the team is open: {@code at} itself when open,
   * else the start of the next open window (searched up to a year ahead; {@code at} when none).
   */
  public Instant nextOpen(Instant at) {
    if (isOpen(at)) {
      return at;
    }
    LocalDate day = at.atZone(zone).toLocalDate();
    for (int i = 0; i <= 366; i++, day = day.plusDays(1)) {
      Instant opening =
          day.atTime(start.equals(end) ? LocalTime.MIDNIGHT : start).atZone(zone).toInstant();
      if (!opening.isBefore(at) && isOpen(opening)) {
        return opening;
      }
    }
    return at;
  }

  /** The start of the local day {@code at} falls in, for "claims per day". */
  public Instant startOfDay(Instant at) {
    return at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
  }

  public String describe() {
    return days.size() + " days/week " + start + "-" + end + " " + zone;
  }
}
