package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What feed health watches and whom it tells ({@code salesbot.records.*}), already validated.
 *
 * @param target the ops chat for alert and data-health cards ({@code salesbot.ops.target}); null:
 *     conditions still hold periods, but no card is sent
 * @param maxGaps per source, how long it may stay silent; sources not named are not watched for
 *     silence
 * @param window how many of a source's latest records (of the last {@code span}) are looked at for
 *     failures and shape
 * @param minRecords failures raise an alert only when the window holds at least this many records
 * @param raisePercent failures (quarantined or refused) in the window at which the alert is raised
 * @param clearPercent below this, the failure alert clears
 * @param learn how many of a source's first records of a type make its usual shape
 * @param span how far back the window reaches
 * @param zone where days begin, for the times on cards and the data-health card's schedule
 * @param reportDay the weekday of the biweekly data-health card
 * @param reportTime its time of day
 */
public record FeedSettings(
    @Nullable Address target,
    Map<String, Duration> maxGaps,
    int window,
    int minRecords,
    int raisePercent,
    int clearPercent,
    int learn,
    Duration span,
    ZoneId zone,
    DayOfWeek reportDay,
    LocalTime reportTime) {
  public FeedSettings {
    maxGaps = java.util.Collections.unmodifiableMap(new TreeMap<>(maxGaps));
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(reportDay, "reportDay");
    Objects.requireNonNull(reportTime, "reportTime");
    maxGaps.forEach(
        (source, gap) -> {
          if (gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("max gap of " + source + " must be positive");
          }
        });
    if (window < 1 || minRecords < 1 || minRecords > window) {
      throw new IllegalArgumentException(
          "need 1 <= minRecords <= window, got " + minRecords + " and " + window);
    }
    if (raisePercent < 1 || raisePercent > 100 || clearPercent < 1 || clearPercent > raisePercent) {
      throw new IllegalArgumentException(
          "need 1 <= clearPercent <= raisePercent <= 100, got "
              + clearPercent
              + " and "
              + raisePercent);
    }
    if (learn < 1) {
      throw new IllegalArgumentException("learn must be at least 1, got " + learn);
    }
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive, got " + span);
    }
  }

  /**
   * No source watched for silence; the latest 50 records of the last day, alert at 20 % failed
   * (with at least 10 records), clear below 10 %; shape learnt from 20 records; Beijing time; the
   * data-health card on Mondays at 09:00.
   */
  public static FeedSettings defaults(@Nullable Address target) {
    return new FeedSettings(
        target,
        Map.of(),
        50,
        10,
        20,
        10,
        20,
        Duration.ofDays(1),
        ZoneId.of("Asia/Shanghai"),
        DayOfWeek.MONDAY,
        LocalTime.of(9, 0));
  }

  /** The same with {@code maxGaps}. */
  public FeedSettings withMaxGaps(Map<String, Duration> gaps) {
    return new FeedSettings(
        target,
        gaps,
        window,
        minRecords,
        raisePercent,
        clearPercent,
        learn,
        span,
        zone,
        reportDay,
        reportTime);
  }

  /** The same with the data-health card on {@code day} at {@code time}. */
  public FeedSettings withReport(DayOfWeek day, LocalTime time) {
    return new FeedSettings(
        target,
        maxGaps,
        window,
        minRecords,
        raisePercent,
        clearPercent,
        learn,
        span,
        zone,
        day,
        time);
  }
}
