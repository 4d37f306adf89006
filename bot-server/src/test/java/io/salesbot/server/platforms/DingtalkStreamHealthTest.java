package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.salesbot.adapter.dingtalk.DingtalkAdapterConfiguration;
import io.salesbot.adapter.dingtalk.DingtalkStreamStatus;
import io.salesbot.adapter.dingtalk.DingtalkStreamStatus.State;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DingtalkStreamHealthTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicReference<DingtalkStreamStatus> status =
      new AtomicReference<>(DingtalkStreamStatus.OFF);
  private final DingtalkStreamHealth health =
      new DingtalkStreamHealth(status::get, true, Duration.ofSeconds(60), clock);

  @Test
  void connected_is_up_with_the_reconnect_count() {
    status.set(new DingtalkStreamStatus(State.CONNECTED, 2, clock.instant(), null));
    Health h = health.health();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails())
        .containsEntry("state", "connected")
        .containsEntry("reconnects", 2L)
        .containsEntry("connectedAt", "2026-01-01T00:00:00Z");
  }

  @Test
  void reconnecting_is_up_within_the_grace_period_and_down_after_it() {
    Instant lost = clock.instant();
    status.set(new DingtalkStreamStatus(State.RECONNECTING, 0, lost.minusSeconds(600), lost));
    clock.advance(Duration.ofSeconds(30));
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails()).containsEntry("downSeconds", 30L);

    clock.advance(Duration.ofSeconds(31));
    Health h = health.health();
    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails())
        .containsEntry("state", "reconnecting")
        .containsEntry("downSeconds", 61L)
        .containsEntry("graceSeconds", 60L)
        .containsEntry("downSince", lost.toString());
  }

  @Test
  void never_connected_past_the_grace_period_is_down_too() {
    status.set(new DingtalkStreamStatus(State.CONNECTING, 0, null, clock.instant()));
    clock.advance(Duration.ofMinutes(2));
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void a_client_not_running_is_out_of_service_and_an_unreadable_one_unknown() {
    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    status.set(new DingtalkStreamStatus(State.UNKNOWN, 0, null, null));
    assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void http_mode_has_no_connection_and_is_up() {
    DingtalkStreamHealth http =
        new DingtalkStreamHealth(status::get, false, Duration.ofSeconds(60), clock);
    assertThat(http.health().getStatus()).isEqualTo(Status.UP);
    assertThat(http.health().getDetails()).containsEntry("mode", "http");
  }

  @Test
  void the_grace_period_must_be_positive_naming_the_property() {
    DingtalkProperties p = DingtalkPropertiesTest.bind(Map.of());
    assertThat(p.checkedStreamHealthGrace()).isEqualTo(Duration.ofMinutes(1));
    p = DingtalkPropertiesTest.bind(Map.of("stream-health-grace", "0s"));
    assertThatThrownBy(p::checkedStreamHealthGrace)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.dingtalk.stream-health-grace"));
  }

  @Test
  void the_meters_have_their_prometheus_names() {
    DingtalkProperties p = DingtalkPropertiesTest.bind(DingtalkPropertiesTest.valid());
    DingtalkAdapterConfiguration dingtalk =
        new DingtalkAdapterConfiguration(
            p.toSettings(), new InMemoryInboundQueue(), new InMemoryAccessTokens(), clock);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new DingtalkWiring().dingtalkStreamMetrics(dingtalk).bindTo(registry);

    assertThat(registry.get("salesbot.dingtalk.stream.connected").gauge().value()).isZero();
    assertThat(registry.get("salesbot.dingtalk.stream.reconnects").functionCounter().count())
        .isZero();
  }
}
