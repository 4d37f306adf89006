package io.salesbot.core.stage;

import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.kernel.ChartRenderer;
import java.time.Duration;

/**
 * What the funnel and KPI commands need from outside: the reports store, a chart renderer (the
 * figures go as text when it draws nothing) and the store chart images wait in for the platforms.
 *
 * @param actWithin how long a manager has to decide a skip request for 管理层干预及时率 to count it as
 *     timely (default 24 h)
 */
public record Reporting(
    DealReports reports, ChartRenderer charts, ChartImages images, Duration actWithin) {
  public static final Duration DEFAULT_ACT_WITHIN = Duration.ofHours(24);

  public Reporting {
    if (actWithin.isNegative() || actWithin.isZero()) {
      throw new IllegalArgumentException("actWithin must be positive, got " + actWithin);
    }
  }

  /** With the default time to act (24 h). */
  public static Reporting of(DealReports reports, ChartRenderer charts, ChartImages images) {
    return new Reporting(reports, charts, images, DEFAULT_ACT_WITHIN);
  }
}
