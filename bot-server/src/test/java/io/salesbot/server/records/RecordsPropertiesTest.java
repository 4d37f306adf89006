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
}
