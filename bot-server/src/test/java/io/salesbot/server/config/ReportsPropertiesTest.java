package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsPropertiesTest {
  private static SalesbotProperties.Reports bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.reports", SalesbotProperties.Reports.class, values);
  }

  @Test
  void act_within_defaults_to_24_hours_and_takes_a_duration() {
    assertThat(bind(Map.of()).checkedActWithin()).isEqualTo(Duration.ofHours(24));
    assertThat(bind(Map.of("act-within", "90m")).checkedActWithin())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void a_zero_or_negative_act_within_names_the_property() {
    for (String bad : new String[] {"0s", "-1h"}) {
      assertThatThrownBy(() -> bind(Map.of("act-within", bad)).checkedActWithin())
          .isInstanceOfSatisfying(
              InvalidConfigurationException.class,
              e -> {
                assertThat(e.property()).isEqualTo("salesbot.reports.act-within");
                assertThat(e.getMessage()).contains("positive");
              });
    }
  }
}
