package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.ops.OpsAlerts;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ops alerts to a sandbox chat ({@code salesbot.ops.target=sandbox:opsroom}) on a clock the test
 * moves: a message put aside in the sandbox outbox for longer than {@code outbox-age-raise} raises
 * an alert card in the ops chat; once its time comes and the sender delivers it, the resolved card
 * follows. Checks are run by the test (the interval is an hour), read over HTTP from the sandbox.
 */
@Import(OpsAlertFlowTest.Clocked.class)
class OpsAlertFlowTest extends EndToEndSupport {
  static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocked {
    @Bean
    @Primary
    Clock movableClock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void ops(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-ops-alerts-" + RUN);
    registry.add("salesbot.ops.target", () -> "sandbox:opsroom");
    registry.add("salesbot.ops.interval", () -> "1h");
    registry.add("salesbot.ops.outbox-age-raise", () -> "10m");
    registry.add("salesbot.ops.outbox-age-clear", () -> "1m");
  }

  @Autowired OpsAlerts alerts;
  @Autowired RedisAdapter redis;

  private Map<String, Object> awaitIn(String user, String key, String value) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                inboxOrEmpty(user).stream()
                    .filter(i -> value.equals(i.get(key)))
                    .findFirst()
                    .orElse(null),
            item -> item != null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(Map<String, Object> card) {
    Map<String, Object> f = new LinkedHashMap<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) card.get("elements")) {
      if ("field".equals(e.get("kind"))) {
        f.put((String) e.get("label"), e.get("value"));
      }
    }
    return f;
  }

  @Test
  void a_message_waiting_too_long_raises_an_alert_card_and_its_delivery_resolves_it() {
    Instant putAside = CLOCK.instant();
    redis
        .outbox()
        .defer(
            new SendText(
                "ops-e2e-" + RUN, "迟到的消息 " + RUN, List.of(new Address("sandbox", "opswait"))),
            putAside.plus(Duration.ofHours(1)))
        .block();

    CLOCK.advance(Duration.ofMinutes(9));
    assertThat(alerts.check().block()).doesNotContain("outbox-age:sandbox");
    CLOCK.advance(Duration.ofMinutes(6));
    Instant raisedAt = CLOCK.instant();
    assertThat(alerts.check().block()).contains("outbox-age:sandbox");

    String cardId = "ops-outbox-age-sandbox-" + raisedAt.toEpochMilli();
    Map<String, Object> raised = awaitIn("opsroom", "cardId", cardId);
    assertThat(raised.get("type")).isEqualTo("OPS_ALERT");
    assertThat(raised.get("title")).isEqualTo("【异常报警】sandbox 发件箱消息等待过久");
    assertThat((List<?>) raised.get("buttons")).isEmpty();
    assertThat(fields(raised))
        .containsExactly(
            Map.entry("当前", "15分0秒"),
            Map.entry("报警线", "10分0秒"),
            Map.entry("发现于", TIME.format(raisedAt)));

    // Checked again while still up: nothing more is said.
    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(alerts.check().block()).contains("outbox-age:sandbox");

    // Its time comes: the sandbox sender delivers it, nothing waits any more.
    CLOCK.advance(Duration.ofHours(3));
    awaitIn("opswait", "text", "迟到的消息 " + RUN);
    Instant resolvedAt = CLOCK.instant();
    assertThat(alerts.check().block()).doesNotContain("outbox-age:sandbox");

    Map<String, Object> resolved = awaitIn("opsroom", "cardId", cardId + "-resolved");
    assertThat(resolved.get("type")).isEqualTo("OPS_ALERT");
    assertThat(resolved.get("title")).isEqualTo("【已恢复】sandbox 发件箱消息等待过久");
    assertThat(fields(resolved))
        .containsEntry("恢复线（低于）", "1分0秒")
        .containsEntry("发现于", TIME.format(raisedAt))
        .containsEntry("恢复于", TIME.format(resolvedAt));
    assertThat(
            inboxOrEmpty("opsroom").stream()
                .filter(i -> String.valueOf(i.get("cardId")).startsWith("ops-outbox-age-sandbox-")))
        .hasSize(2);
  }
}
