package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.Once;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisOnceTest extends RedisTestBase {
  private final Once once = adapter("once").once();

  @Test
  void the_first_holder_takes_the_mark_and_keeps_it_for_its_ttl() {
    assertThat(once.claim("welcome:wecom:LiSi", "e1", Duration.ofDays(30)).block()).isTrue();
    assertThat(once.claim("welcome:wecom:LiSi", "e1", Duration.ofDays(30)).block())
        .as("the same event redelivered")
        .isTrue();
    assertThat(once.claim("welcome:wecom:LiSi", "e2", Duration.ofDays(30)).block()).isFalse();
    assertThat(once.claim("welcome:wecom:ZhangSan", "e2", Duration.ofDays(30)).block()).isTrue();

    assertThat(redis.get("salesbot:once:welcome:wecom:LiSi")).isEqualTo("e1");
    assertThat(redis.pttl("salesbot:once:welcome:wecom:LiSi"))
        .isBetween(Duration.ofDays(30).minusMinutes(1).toMillis(), Duration.ofDays(30).toMillis());
  }

  @Test
  void another_holder_may_take_the_mark_once_it_expired() {
    assertThat(once.claim("k", "e1", Duration.ofMillis(200)).block()).isTrue();
    assertThat(once.claim("k", "e2", Duration.ofMillis(200)).block()).isFalse();

    eventually(
        Duration.ofSeconds(3),
        "the mark expires",
        () -> Boolean.TRUE.equals(once.claim("k", "e2", Duration.ofDays(1)).block()));
    assertThat(redis.get("salesbot:once:k")).isEqualTo("e2");
  }
}
