package io.salesbot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.ops.Hysteresis;
import io.salesbot.core.ops.OpsSettings;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code salesbot.ops.*}: defaults, and each wrong value named by its property. */
class OpsPropertiesTest {
  private static OpsProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.ops", OpsProperties.class, values);
  }

  private static Map<String, String> target(String target) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("target", target);
    return p;
  }

  private static void names(Map<String, String> p, String property) {
    assertThatThrownBy(() -> bind(p).toSettings(Set.of("ops")))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property));
  }

  @Test
  void a_robot_target_gets_the_default_lines() {
    OpsSettings s = bind(target("wecom-robot:ops")).toSettings(Set.of("ops"));

    assertThat(s.target()).isEqualTo(new Address("wecom-robot", "ops"));
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.outboxWaiting()).isEqualTo(new Hysteresis(100, 20));
    assertThat(s.quotaPercent()).isEqualTo(new Hysteresis(90, 80));
  }

  @Test
  void wrong_values_name_their_property() {
    names(target("ops-chat"), "salesbot.ops.target");
    names(target("wecom-robot:nobody"), "salesbot.ops.target");
    Map<String, String> p = target("dingtalk:group:cid==");
    p.put("interval", "1s");
    names(p, "salesbot.ops.interval");
    p = target("dingtalk:group:cid==");
    p.put("outbox-waiting-clear", "500");
    names(p, "salesbot.ops.outbox-waiting-clear");
    p = target("dingtalk:group:cid==");
    p.put("quota-raise-percent", "120");
    p.put("quota-clear-percent", "80");
    names(p, "salesbot.ops.quota-raise-percent");
  }
}
