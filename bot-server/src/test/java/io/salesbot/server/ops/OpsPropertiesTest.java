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
    assertThat(s.zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
    assertThat(s.outboxAgeSeconds()).isEqualTo(new Hysteresis(600, 120));
    assertThat(s.queueBacklog()).isEqualTo(new Hysteresis(1000, 100));
    assertThat(s.queueAgeSeconds()).isEqualTo(new Hysteresis(120, 30));
    assertThat(s.timerLagSeconds()).isEqualTo(new Hysteresis(120, 30));
    assertThat(s).isEqualTo(OpsSettings.defaults(s.target()));
  }

  @Test
  void age_lines_are_durations_in_seconds() {
    Map<String, String> p = target("dingtalk:group:cid==");
    p.put("outbox-age-raise", "15m");
    p.put("outbox-age-clear", "90s");
    p.put("queue-age-raise", "1m");
    p.put("queue-age-clear", "10s");
    p.put("timer-lag-raise", "5m");
    p.put("timer-lag-clear", "1m");
    p.put("queue-backlog-raise", "50");
    p.put("queue-backlog-clear", "5");
    OpsSettings s = bind(p).toSettings(Set.of());

    assertThat(s.outboxAgeSeconds()).isEqualTo(new Hysteresis(900, 90));
    assertThat(s.queueAgeSeconds()).isEqualTo(new Hysteresis(60, 10));
    assertThat(s.timerLagSeconds()).isEqualTo(new Hysteresis(300, 60));
    assertThat(s.queueBacklog()).isEqualTo(new Hysteresis(50, 5));
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
    p = target("dingtalk:group:cid==");
    p.put("zone", "Mars/Olympus");
    names(p, "salesbot.ops.zone");
    p = target("dingtalk:group:cid==");
    p.put("queue-backlog-raise", "0");
    p.put("queue-backlog-clear", "0");
    names(p, "salesbot.ops.queue-backlog-raise");
    p = target("dingtalk:group:cid==");
    p.put("queue-backlog-clear", "2000");
    names(p, "salesbot.ops.queue-backlog-clear");
    p = target("dingtalk:group:cid==");
    p.put("outbox-age-clear", "1h");
    names(p, "salesbot.ops.outbox-age-clear");
    p = target("dingtalk:group:cid==");
    p.put("queue-age-clear", "500ms");
    names(p, "salesbot.ops.queue-age-clear");
    p = target("dingtalk:group:cid==");
    p.put("timer-lag-raise", "10s");
    p.put("timer-lag-clear", "20s");
    names(p, "salesbot.ops.timer-lag-clear");
  }
}
