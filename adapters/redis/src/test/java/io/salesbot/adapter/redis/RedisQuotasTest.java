package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.platform.Quotas;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisQuotasTest extends RedisTestBase {
  private final Quotas quotas = adapter("quotas").quotas();

  @Test
  void takes_the_granted_uses_and_then_refuses() {
    quotas.grant("mp:a:scan", 3, Duration.ofMinutes(1)).block();

    for (int i = 0; i < 3; i++) {
      assertThat(quotas.take(List.of("mp:a:scan")).block()).isTrue();
    }
    assertThat(quotas.take(List.of("mp:a:scan")).block()).isFalse();
    assertThat(redis.get("salesbot:quota:mp:a:scan")).isEqualTo("0");
    assertThat(redis.pttl("salesbot:quota:mp:a:scan")).isBetween(50_000L, 60_000L);
  }

  @Test
  void takes_from_the_first_key_with_uses_left() {
    quotas.grant("b", 1, Duration.ofHours(48)).block();

    assertThat(quotas.take(List.of("a", "b")).block()).isTrue();
    assertThat(quotas.take(List.of("a", "b")).block()).isFalse();
    assertThat(quotas.take(List.of("none")).block()).isFalse();
  }

  @Test
  void counts_hits_in_a_fixed_window() {
    assertThat(quotas.hit("ip:1.2.3.4", 2, Duration.ofMillis(300)).block()).isTrue();
    assertThat(quotas.hit("ip:1.2.3.4", 2, Duration.ofMillis(300)).block()).isTrue();
    assertThat(quotas.hit("ip:1.2.3.4", 2, Duration.ofMillis(300)).block()).isFalse();
    eventually(
        Duration.ofSeconds(2),
        "the window ends",
        () -> Boolean.TRUE.equals(quotas.hit("ip:1.2.3.4", 2, Duration.ofMinutes(1)).block()));
  }
}
