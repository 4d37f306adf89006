package io.salesbot.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class IngressFirstTest {
  private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

  private Instant now = T0;

  /** One tick in which {@code count} webhooks arrived; whether the pipeline yields after it. */
  private boolean tick(IngressFirst brake, int count) {
    for (int i = 0; i < count; i++) {
      brake.arrived();
    }
    now = now.plus(IngressFirst.TICK);
    return brake.tick(now);
  }

  @Test
  void yields_while_webhooks_come_at_the_threshold_and_not_below() {
    IngressFirst brake = new IngressFirst(300, 2, Duration.ofSeconds(30));
    // 280 a second: four ticks of 70
    for (int i = 0; i < 8; i++) {
      assertThat(tick(brake, 70)).isFalse();
    }
    // 300 a second once the last second holds four ticks of 75
    assertThat(tick(brake, 75)).isFalse();
    assertThat(tick(brake, 75)).isFalse();
    assertThat(tick(brake, 75)).isFalse();
    assertThat(tick(brake, 75)).isTrue();
    assertThat(tick(brake, 500)).isTrue();
    // the spike ends: the rate over the last second falls below 300 within a tick or two
    assertThat(tick(brake, 0)).isTrue(); // 75 + 75 + 500 + 0 = 650
    assertThat(tick(brake, 0)).isTrue(); // 75 + 500 + 0 + 0
    assertThat(tick(brake, 0)).isTrue(); // 500 + 0 + 0 + 0
    assertThat(tick(brake, 0)).isFalse();
  }

  @Test
  void a_long_spike_gets_full_speed_pauses_so_the_queue_keeps_moving() {
    IngressFirst brake = new IngressFirst(100, 2, Duration.ofSeconds(2));
    int yielding = 0;
    int full = 0;
    boolean first = false;
    for (int i = 0; i < 48; i++) { // 12 s of 400 webhooks a second
      boolean y = tick(brake, 100);
      if (i == 3) {
        first = y;
      }
      if (y) {
        yielding++;
      } else {
        full++;
      }
    }
    assertThat(first).isTrue();
    // 2 s on, 2 s off: about half the ticks each way
    assertThat(yielding).isBetween(20, 28);
    assertThat(full).isBetween(20, 28);
  }

  @Test
  void zero_turns_it_off() {
    IngressFirst off = new IngressFirst(0, 2, Duration.ofSeconds(30));
    assertThat(off.enabled()).isFalse();
    for (int i = 0; i < 8; i++) {
      assertThat(tick(off, 10_000)).isFalse();
    }
  }

  @Test
  void counts_posted_callbacks_and_leads_only() {
    assertThat(IngressFirst.isWebhook(exchange(MockServerHttpRequest.post("/callbacks/wecom/1"))))
        .isTrue();
    assertThat(IngressFirst.isWebhook(exchange(MockServerHttpRequest.post("/api/v1/leads"))))
        .isTrue();
    assertThat(IngressFirst.isWebhook(exchange(MockServerHttpRequest.get("/callbacks/wecom/1"))))
        .isFalse();
    assertThat(IngressFirst.isWebhook(exchange(MockServerHttpRequest.get("/api/v1/leads/x"))))
        .isFalse();
    assertThat(
            IngressFirst.isWebhook(
                exchange(MockServerHttpRequest.post("/api/v1/admin/dead-letters/1-0/replay"))))
        .isFalse();
  }

  @Test
  void refuses_settings_that_cannot_work() {
    assertThatThrownBy(() -> new IngressFirst(-1, 2, Duration.ofSeconds(1)))
        .hasMessageContaining("above");
    assertThatThrownBy(() -> new IngressFirst(300, -1, Duration.ofSeconds(1)))
        .hasMessageContaining("busyConcurrency");
    assertThatThrownBy(() -> new IngressFirst(300, 2, Duration.ZERO))
        .hasMessageContaining("maxHold");
  }

  private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
    return MockServerWebExchange.from(request);
  }
}
