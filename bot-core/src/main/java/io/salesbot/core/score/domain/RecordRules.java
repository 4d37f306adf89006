package io.salesbot.core.score.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The configurable limits of record validation.
 *
 * @param maxPaymentRatio how much of a contract's amount its payments may add up to (1.10 = 110 %)
 * @param maxAmount the largest amount a record may carry
 * @param futureSkew how far in the future a record's time may be (clocks differ)
 * @param openMonths how many months are open for records without {@code backfill: true}: 1 the
 *     current month only, 2 (default) the current and the previous one
 * @param zone where months and days begin
 */
public record RecordRules(
    BigDecimal maxPaymentRatio,
    BigDecimal maxAmount,
    Duration futureSkew,
    int openMonths,
    ZoneId zone) {
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  public RecordRules {
    Objects.requireNonNull(zone, "zone");
    if (maxPaymentRatio.signum() <= 0) {
      throw new IllegalArgumentException("maxPaymentRatio must be positive");
    }
    if (maxAmount.signum() <= 0) {
      throw new IllegalArgumentException("maxAmount must be positive");
    }
    if (futureSkew.isNegative()) {
      throw new IllegalArgumentException("futureSkew must not be negative");
    }
    if (openMonths < 1) {
      throw new IllegalArgumentException("openMonths must be at least 1");
    }
  }

  /** 110 %, amounts up to 10,000,000,000, 5 minutes of skew, two open months, Beijing time. */
  public static RecordRules defaults() {
    return new RecordRules(
        new BigDecimal("1.10"), new BigDecimal("10000000000"), Duration.ofMinutes(5), 2, CHINA);
  }

  /** The month (period) an instant falls in. */
  public YearMonth period(Instant at) {
    return YearMonth.from(at.atZone(zone));
  }

  /** The earliest month still open at {@code now}. */
  public YearMonth firstOpen(Instant now) {
    return period(now).minusMonths(openMonths - 1L);
  }
}
