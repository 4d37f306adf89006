package io.salesbot.server.records;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.FeedSettings;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.server.config.InvalidConfigurationException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scorecard record validation ({@code salesbot.records.*}, issue 14): the limits of the rules in
 * docs/records.md. Read once; a change applies after a restart.
 *
 * @param maxPaymentRatio How much of a contract's amount its counted payments may add up to, e.g.
 *     1.10 for 110 %; more is quarantined (payment-over-contract). Default 1.10.
 * @param maxAmount The largest amount a record may carry (amount-format). Default 10000000000.
 * @param futureSkew How far after now a record's occurredAt may be (future-date). Default 5m.
 * @param openMonths How many months are open for records without backfill: true (closed-period): 1
 *     the current month only, 2 the current and the previous one. Default 2.
 * @param zone Where months and days begin, for periods and the open months. Default Asia/Shanghai.
 * @param sources Per record source (its salesbot.intake.sources id): how feed health watches it.
 * @param feedHealth How feed health judges every source and when it reports (docs/records.md).
 */
@ConfigurationProperties("salesbot.records")
public record RecordsProperties(
    @DefaultValue("1.10") BigDecimal maxPaymentRatio,
    @DefaultValue("10000000000") BigDecimal maxAmount,
    @DefaultValue("5m") Duration futureSkew,
    @DefaultValue("2") int openMonths,
    @DefaultValue("Asia/Shanghai") String zone,
    @DefaultValue Map<String, Source> sources,
    @DefaultValue FeedHealthProperties feedHealth) {
  private static final String P = "salesbot.records.";

  public RecordsProperties {
    sources = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sources));
  }

  /**
   * One record source.
   *
   * @param maxGap Raise an alert (and hold the months it feeds) when the source, having delivered
   *     before, delivers nothing for longer than this, e.g. 26h for a daily feed. Not set: not
   *     watched for silence.
   */
  public record Source(@Nullable Duration maxGap) {}

  /**
   * How feed health judges the record sources.
   *
   * @param window How many of a source's latest records (of the last day) are looked at for
   *     failures and changed shape. Default 50.
   * @param minRecords Failures raise an alert only when the window holds at least this many
   *     records. Default 10.
   * @param failingRaisePercent Alert when this share of the window was quarantined or refused, in
   *     percent. Default 20.
   * @param failingClearPercent Resolved below this share. Default 10.
   * @param shapeBaseline How many of a source's first records of a type make its usual shape (the
   *     fields a changed shape is compared with). Default 20.
   * @param checkInterval How often silence is checked (failures and shape are checked as records
   *     arrive). Default 10m.
   * @param reportDay Weekday of the biweekly data-health card (双周数据健康度检查), e.g. monday. Default
   *     monday.
   * @param reportTime Its time of day in salesbot.records.zone, HH:mm. Default 09:00.
   */
  public record FeedHealthProperties(
      @DefaultValue("50") int window,
      @DefaultValue("10") int minRecords,
      @DefaultValue("20") int failingRaisePercent,
      @DefaultValue("10") int failingClearPercent,
      @DefaultValue("20") int shapeBaseline,
      @DefaultValue("10m") Duration checkInterval,
      @DefaultValue("monday") String reportDay,
      @DefaultValue("09:00") String reportTime) {}

  /**
   * Feed health's settings.
   *
   * @param target the ops chat ({@code salesbot.ops.target}), null when not set
   * @param recordSources the intake sources that may send records
   * @throws InvalidConfigurationException naming the first wrong property
   */
  public FeedSettings feedSettings(@Nullable Address target, Set<String> recordSources) {
    String h = P + "feed-health.";
    Map<String, Duration> gaps = new java.util.TreeMap<>();
    sources.forEach(
        (id, source) -> {
          String name = P + "sources." + id + ".max-gap";
          if (!recordSources.contains(id)) {
            throw new InvalidConfigurationException(
                P + "sources." + id,
                "names no record source: salesbot.intake.sources."
                    + id
                    + ".records is not true"
                    + " (record sources: "
                    + recordSources
                    + ")");
          }
          if (source.maxGap() != null) {
            if (source.maxGap().compareTo(Duration.ofMinutes(1)) < 0) {
              throw new InvalidConfigurationException(
                  name, "must be at least 1m (e.g. 26h for a daily feed), got " + source.maxGap());
            }
            gaps.put(id, source.maxGap());
          }
        });
    FeedHealthProperties f = feedHealth;
    if (f.window() < 1) {
      throw new InvalidConfigurationException(
          h + "window", "must be at least 1, got " + f.window());
    }
    if (f.minRecords() < 1 || f.minRecords() > f.window()) {
      throw new InvalidConfigurationException(
          h + "min-records",
          "must be from 1 to the window (" + f.window() + "), got " + f.minRecords());
    }
    if (f.failingRaisePercent() < 1 || f.failingRaisePercent() > 100) {
      throw new InvalidConfigurationException(
          h + "failing-raise-percent", "must be from 1 to 100, got " + f.failingRaisePercent());
    }
    if (f.failingClearPercent() < 1 || f.failingClearPercent() > f.failingRaisePercent()) {
      throw new InvalidConfigurationException(
          h + "failing-clear-percent",
          "must be from 1 to failing-raise-percent ("
              + f.failingRaisePercent()
              + "), got "
              + f.failingClearPercent());
    }
    if (f.shapeBaseline() < 1) {
      throw new InvalidConfigurationException(
          h + "shape-baseline", "must be at least 1, got " + f.shapeBaseline());
    }
    if (f.checkInterval().compareTo(Duration.ofSeconds(10)) < 0) {
      throw new InvalidConfigurationException(
          h + "check-interval", "must be at least 10s, got " + f.checkInterval());
    }
    DayOfWeek day;
    try {
      day = DayOfWeek.valueOf(f.reportDay().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          h + "report-day", "is no weekday: '" + f.reportDay() + "' (monday … sunday)");
    }
    LocalTime time;
    try {
      time = LocalTime.parse(f.reportTime().strip());
    } catch (DateTimeParseException e) {
      throw new InvalidConfigurationException(
          h + "report-time", "is no time of day: '" + f.reportTime() + "' (HH:mm, e.g. 09:00)");
    }
    return new FeedSettings(
        target,
        gaps,
        f.window(),
        f.minRecords(),
        f.failingRaisePercent(),
        f.failingClearPercent(),
        f.shapeBaseline(),
        Duration.ofDays(1),
        rules().zone(),
        day,
        time);
  }

  /**
   * The core's validation limits.
   *
   * @throws InvalidConfigurationException naming the first wrong property
   */
  public RecordRules rules() {
    if (maxPaymentRatio.compareTo(BigDecimal.ONE) < 0) {
      throw new InvalidConfigurationException(
          P + "max-payment-ratio",
          "must be at least 1 (1.10 = payments may add up to 110 % of the contract), got "
              + maxPaymentRatio.toPlainString());
    }
    if (maxAmount.signum() <= 0) {
      throw new InvalidConfigurationException(
          P + "max-amount", "must be positive, got " + maxAmount.toPlainString());
    }
    if (futureSkew.isNegative()) {
      throw new InvalidConfigurationException(
          P + "future-skew", "must not be negative (e.g. 5m), got " + futureSkew);
    }
    if (openMonths < 1 || openMonths > 12) {
      throw new InvalidConfigurationException(
          P + "open-months", "must be from 1 to 12, got " + openMonths);
    }
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidConfigurationException(
          P + "zone", "is no time zone: '" + zone + "' (e.g. Asia/Shanghai)");
    }
    return new RecordRules(maxPaymentRatio, maxAmount, futureSkew, openMonths, zoneId);
  }
}
