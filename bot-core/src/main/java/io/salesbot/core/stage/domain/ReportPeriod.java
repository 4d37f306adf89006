package io.salesbot.core.stage.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A reporting period {@code [from, to)} as people type it: {@code 7d} (the last 7 days, 1 to 366),
 * {@code 本月} / {@code this-month} (this month so far), {@code 上月} / {@code last-month}, or a month
 * {@code 2026-11}. Months are calendar months in the team's time zone; a month in the future is
 * refused. {@link #previous()} is the period of the same kind just before (the default comparison).
 * How it is shown (近7天, 前7天, 2026-11) is the commands' business, in the message bundle's language:
 * from its {@link #kind}, {@link #days} and {@link #month}.
 *
 * @param kind the last N days, the N days before another period, or a calendar month
 * @param days N for the day kinds; 0 for a month
 * @param month the calendar month of a {@link Kind#MONTH}; null for the day kinds
 */
public record ReportPeriod(
    Kind kind, int days, @Nullable YearMonth month, Instant from, Instant to) {
  private static final Pattern DAYS = Pattern.compile("([1-9][0-9]{0,2})d");
  private static final Pattern MONTH = Pattern.compile("([0-9]{4})-([0-9]{1,2})");

  /** How the period was given, for {@link #previous()} and its label. */
  public enum Kind {
    /** The last {@link #days} days up to now ({@code 7d}). */
    LAST_DAYS,
    /** The {@link #days} days before another day period (its default comparison). */
    DAYS_BEFORE,
    /** A calendar month, cut at now when it is the current one. */
    MONTH
  }

  public ReportPeriod {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if ((kind == Kind.MONTH) != (month != null) || (kind == Kind.MONTH) != (days == 0)) {
      throw new IllegalArgumentException(
          "a month period has a month and no days, a day period days and no month");
    }
  }

  /** Whether a word looks like a period at all (so a typo is a bad period, not a team name). */
  public static boolean looksLikePeriod(String word) {
    return !word.isEmpty() && (Character.isDigit(word.charAt(0)) || word.endsWith("月"));
  }

  /** The period a word names, at {@code now} in {@code zone}; empty when it names none. */
  public static Optional<ReportPeriod> parse(String word, Instant now, ZoneId zone) {
    String w = word.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher days = DAYS.matcher(w);
    if (days.matches()) {
      int n = Integer.parseInt(days.group(1));
      if (n > 366) {
        return Optional.empty();
      }
      return Optional.of(lastDays(n, now));
    }
    YearMonth current = YearMonth.from(now.atZone(zone));
    if (w.equals("本月") || w.equals("this-month")) {
      return Optional.of(month(current, zone, now));
    }
    if (w.equals("上月") || w.equals("last-month")) {
      return Optional.of(month(current.minusMonths(1), zone, now));
    }
    Matcher month = MONTH.matcher(w);
    if (month.matches()) {
      int y = Integer.parseInt(month.group(1));
      int m = Integer.parseInt(month.group(2));
      if (m < 1 || m > 12 || y < 2000) {
        return Optional.empty();
      }
      YearMonth ym = YearMonth.of(y, m);
      return ym.isAfter(current) ? Optional.empty() : Optional.of(month(ym, zone, now));
    }
    return Optional.empty();
  }

  /** The default period: the last 30 days. */
  public static ReportPeriod lastDays(int n, Instant now) {
    return new ReportPeriod(Kind.LAST_DAYS, n, null, now.minus(Duration.ofDays(n)), now);
  }

  /** A calendar month, cut at {@code now} when it is the current one. */
  private static ReportPeriod month(YearMonth ym, ZoneId zone, Instant now) {
    Instant start = ym.atDay(1).atStartOfDay(zone).toInstant();
    Instant end = ym.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    return new ReportPeriod(Kind.MONTH, 0, ym, start, end.isAfter(now) ? now : end);
  }

  /**
   * The period just before: the same number of days before a day period, the month before a month
   * (whole, even when this one is cut at now).
   */
  public ReportPeriod previous(ZoneId zone) {
    if (kind != Kind.MONTH) {
      Duration length = Duration.between(from, to);
      return new ReportPeriod(Kind.DAYS_BEFORE, days, null, from.minus(length), from);
    }
    LocalDate first = ZonedDateTime.ofInstant(from, zone).toLocalDate();
    YearMonth before = YearMonth.from(first).minusMonths(1);
    return month(before, zone, to);
  }
}
