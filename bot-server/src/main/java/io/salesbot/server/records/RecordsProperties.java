package io.salesbot.server.records;

import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.server.config.InvalidConfigurationException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
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
 */
@ConfigurationProperties("salesbot.records")
public record RecordsProperties(
    @DefaultValue("1.10") BigDecimal maxPaymentRatio,
    @DefaultValue("10000000000") BigDecimal maxAmount,
    @DefaultValue("5m") Duration futureSkew,
    @DefaultValue("2") int openMonths,
    @DefaultValue("Asia/Shanghai") String zone) {
  private static final String P = "salesbot.records.";

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
