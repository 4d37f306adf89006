package io.salesbot.core.command;

import io.salesbot.core.score.ScoreDrafts;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The month a score command names: {@code 2026-03}, {@code 本月}/{@code this}, {@code 上月}/{@code
 * last}.
 */
final class ScorePeriods {
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{1,2}");

  private ScorePeriods() {}

  static boolean looksLikePeriod(String arg) {
    return MONTH.matcher(arg).matches()
        || arg.equals("本月")
        || arg.equals("上月")
        || arg.equalsIgnoreCase("this")
        || arg.equalsIgnoreCase("last");
  }

  /**
   * The month {@code arg} names, later ones too ({@code 2026-03}, {@code 本月}/{@code this}, {@code
   * 上月}/{@code last}), or empty when it is malformed.
   */
  static Optional<YearMonth> parseAnyMonth(String arg, YearMonth current) {
    if (arg.equals("本月") || arg.equalsIgnoreCase("this")) {
      return Optional.of(current);
    }
    if (arg.equals("上月") || arg.equalsIgnoreCase("last")) {
      return Optional.of(current.minusMonths(1));
    }
    if (!MONTH.matcher(arg).matches()) {
      return Optional.empty();
    }
    try {
      String[] p = arg.split("-");
      return Optional.of(YearMonth.of(Integer.parseInt(p[0]), Integer.parseInt(p[1])));
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A score command's arguments: the month they name ({@code period}, this month when none does;
   * the last one when several do) and the other arguments in order; when an argument looks like a
   * month but is malformed or later than this month, {@code period} is empty and {@code badPeriod}
   * is that argument.
   */
  record Args(Optional<YearMonth> period, List<String> others, String badPeriod) {}

  static Args split(List<String> args, Instant now, ScoreDrafts drafts) {
    Optional<YearMonth> period = Optional.of(drafts.periodOf(now));
    List<String> others = new ArrayList<>();
    for (String arg : args) {
      if (!looksLikePeriod(arg)) {
        others.add(arg);
        continue;
      }
      period = parse(arg, now, drafts);
      if (period.isEmpty()) {
        return new Args(period, List.copyOf(others), arg);
      }
    }
    return new Args(period, List.copyOf(others), "");
  }

  /** The month, or empty when it is malformed or later than this month. */
  static Optional<YearMonth> parse(String arg, Instant now, ScoreDrafts drafts) {
    YearMonth current = drafts.periodOf(now);
    if (arg.equals("本月") || arg.equalsIgnoreCase("this")) {
      return Optional.of(current);
    }
    if (arg.equals("上月") || arg.equalsIgnoreCase("last")) {
      return Optional.of(current.minusMonths(1));
    }
    try {
      String[] p = arg.split("-");
      YearMonth month = YearMonth.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
      return month.isAfter(current) ? Optional.empty() : Optional.of(month);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
