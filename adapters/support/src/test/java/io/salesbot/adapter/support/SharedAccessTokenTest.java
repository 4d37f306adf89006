package io.salesbot.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

class SharedAccessTokenTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
  private final InMemoryAccessTokens store = new InMemoryAccessTokens();

  private SharedAccessToken instance() {
    return new SharedAccessToken(store, clock, "wecom:ww1:1000002", "WeCom");
  }

  @Test
  void a_token_fetched_by_one_instance_serves_the_others_until_shortly_before_it_expires() {
    SharedAccessToken a = instance();
    SharedAccessToken b = instance();
    assertThat(a.expired()).isTrue();

    a.update("TOKEN-1", 7200);

    assertThat(b.expired()).isFalse();
    assertThat(b.value()).isEqualTo("TOKEN-1");
    clock.advance(Duration.ofSeconds(7200).minus(SharedAccessToken.EARLY).minusSeconds(1));
    assertThat(b.expired()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(b.expired()).isTrue();
    assertThat(a.expired()).isTrue();
  }

  @Test
  void expiring_a_token_forgets_it_everywhere() {
    SharedAccessToken a = instance();
    SharedAccessToken b = instance();
    a.update("TOKEN-1", 7200);
    assertThat(b.expired()).isFalse();

    a.expire();

    assertThat(a.value()).isNull();
    assertThat(instance().expired()).isTrue();
  }

  @Test
  void get_fetches_once_for_all_instances_and_again_after_the_token_was_refused() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    SharedAccessToken.Fetch fetch =
        () -> new SharedAccessToken.Fetched("TOKEN-" + fetches.incrementAndGet(), 7200);
    SharedAccessToken a = instance();
    SharedAccessToken b = instance();

    assertThat(a.get(fetch)).isEqualTo("TOKEN-1");
    assertThat(b.get(fetch)).isEqualTo("TOKEN-1");
    assertThat(fetches).hasValue(1);

    b.expire("TOKEN-1");

    assertThat(b.get(fetch)).isEqualTo("TOKEN-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void a_short_lived_token_is_refreshed_half_way() {
    SharedAccessToken a = instance();
    a.update("SHORT", 120);
    clock.advance(Duration.ofSeconds(59));
    assertThat(a.expired()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(a.expired()).isTrue();
  }

  @Test
  void the_refresh_lock_is_held_by_one_instance_at_a_time() throws Exception {
    SharedAccessToken a = instance();
    SharedAccessToken b = instance();
    Lock first = a.lock();
    first.lock();
    AtomicInteger inside = new AtomicInteger();
    CountDownLatch entered = new CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              Lock second = b.lock();
              second.lock();
              inside.incrementAndGet();
              entered.countDown();
              second.unlock();
            });
    other.start();
    assertThat(entered.await(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(inside).hasValue(0);

    first.unlock();

    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    other.join();
  }
}
