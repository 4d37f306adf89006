package io.salesbot.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code salesbot.records.*}: defaults, set values, and each wrong value named by its property. */
class RecordsPropertiesTest {
  private static RecordsProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.records", RecordsProperties.class, values);
  }

  private static void names(String key, String value, String property) {
    assertThatThrownBy(() -> bind(Map.of(key, value)).rules())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property));
  }

  @Test
  void nothing_set_gives_the_documented_defaults() {
    assertThat(bind(Map.of()).rules()).isEqualTo(RecordRules.defaults());
  }

  @Test
  void each_limit_is_configurable() {
    RecordRules r =
        bind(Map.of(
                "max-payment-ratio", "1.05",
                "max-amount", "5000000",
                "future-skew", "30s",
                "open-months", "1",
                "zone", "Asia/Urumqi"))
            .rules();

    assertThat(r.maxPaymentRatio()).isEqualByComparingTo("1.05");
    assertThat(r.maxAmount()).isEqualByComparingTo(new BigDecimal("5000000"));
    assertThat(r.futureSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.openMonths()).isEqualTo(1);
    assertThat(r.zone()).isEqualTo(ZoneId.of("Asia/Urumqi"));
  }

  @Test
  void wrong_values_name_their_property() {
    names("max-payment-ratio", "0.9", "salesbot.records.max-payment-ratio");
    names("max-amount", "0", "salesbot.records.max-amount");
    names("future-skew", "-1m", "salesbot.records.future-skew");
    names("open-months", "0", "salesbot.records.open-months");
    names("open-months", "13", "salesbot.records.open-months");
    names("zone", "Mars/Olympus", "salesbot.records.zone");
  }

  private static final java.util.Set<String> SOURCES = java.util.Set.of("finance", "erp");

  private static void feedNames(Map<String, String> p, String property) {
    assertThatThrownBy(() -> bind(p).feedSettings(null, SOURCES))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property));
  }

  @Test
  void feed_health_defaults_and_a_watched_source() {
    io.salesbot.core.kernel.domain.Address ops =
        io.salesbot.core.kernel.domain.Address.parse("wecom-robot:ops");
    io.salesbot.core.score.FeedSettings s =
        bind(Map.of(
                "sources.finance.max-gap", "26h",
                "sources.erp.max-gap", "",
                "feed-health.report-day", "Friday",
                "feed-health.report-time", "17:30"))
            .feedSettings(ops, SOURCES);

    assertThat(s.maxGaps()).containsExactly(Map.entry("finance", Duration.ofHours(26)));
    assertThat(s.target()).isEqualTo(ops);
    assertThat(s.reportDay()).isEqualTo(java.time.DayOfWeek.FRIDAY);
    assertThat(s.reportTime()).isEqualTo(java.time.LocalTime.of(17, 30));
    assertThat(s.withMaxGaps(Map.of()))
        .isEqualTo(
            io.salesbot.core.score.FeedSettings.defaults(ops)
                .withMaxGaps(Map.of())
                .withReport(java.time.DayOfWeek.FRIDAY, java.time.LocalTime.of(17, 30)));
  }

  @Test
  void wrong_feed_health_values_name_their_property() {
    feedNames(Map.of("sources.crm.max-gap", "26h"), "salesbot.records.sources.crm");
    feedNames(Map.of("sources.finance.max-gap", "30s"), "salesbot.records.sources.finance.max-gap");
    feedNames(Map.of("feed-health.window", "0"), "salesbot.records.feed-health.window");
    feedNames(Map.of("feed-health.min-records", "51"), "salesbot.records.feed-health.min-records");
    feedNames(
        Map.of("feed-health.failing-raise-percent", "101"),
        "salesbot.records.feed-health.failing-raise-percent");
    feedNames(
        Map.of("feed-health.failing-clear-percent", "30"),
        "salesbot.records.feed-health.failing-clear-percent");
    feedNames(
        Map.of("feed-health.shape-baseline", "0"), "salesbot.records.feed-health.shape-baseline");
    feedNames(
        Map.of("feed-health.check-interval", "1s"), "salesbot.records.feed-health.check-interval");
    feedNames(
        Map.of("feed-health.report-day", "someday"), "salesbot.records.feed-health.report-day");
    feedNames(Map.of("feed-health.report-time", "9h"), "salesbot.records.feed-health.report-time");
  }
}
