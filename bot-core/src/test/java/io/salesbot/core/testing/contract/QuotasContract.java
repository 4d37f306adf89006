package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.platform.Quotas;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link Quotas} that send quotas (WeChat's customer-service window) and abuse
 * rate limits rely on: allowances and hit windows that end on time, and no use taken twice.
 */
public abstract class QuotasContract {
  private static final Duration WINDOW = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(T0_MILLIS);

  /** An empty store keeping time by {@code clock}; called once per test. */
  protected abstract Quotas quotas(Clock clock);

  /**
   * Lets {@code d} pass for the store. Moves the clock; a store that keeps time itself (Redis TTLs)
   * ages what it holds by {@code d} as well.
   */
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  private Quotas quotas;

  private synchronized Quotas store() {
    if (quotas == null) {
      quotas = quotas(clock);
    }
    return quotas;
  }

  private boolean take(String... keys) {
    return Boolean.TRUE.equals(store().take(List.of(keys)).block());
  }

  private boolean hit(String key, int limit, Duration window) {
    return Boolean.TRUE.equals(store().hit(key, limit, window).block());
  }

  @Test
  public void a_grant_allows_that_many_uses_and_then_refuses() {
    store().grant("mp:o1", 3, WINDOW).block();

    assertThat(take("mp:o1")).isTrue();
    assertThat(take("mp:o1")).isTrue();
    assertThat(take("mp:o1")).isTrue();
    assertThat(take("mp:o1")).isFalse();
    assertThat(take("mp:never-granted")).isFalse();
  }

  @Test
  public void take_uses_the_first_key_that_has_a_use_left() {
    store().grant("a", 1, WINDOW).block();
    store().grant("b", 2, WINDOW).block();
    store().grant("spent", 0, WINDOW).block();

    assertThat(take("none", "spent", "a", "b")).isTrue();
    // a is spent now, so b's uses go next, then nothing is left anywhere.
    assertThat(take("none", "spent", "a", "b")).isTrue();
    assertThat(take("a")).isFalse();
    assertThat(take("b", "a")).isTrue();
    assertThat(take("none", "spent", "a", "b")).isFalse();
    assertThat(take()).isFalse();
  }

  @Test
  public void a_new_grant_replaces_the_older_one_with_its_uses_and_window() {
    store().grant("k", 1, Duration.ofMinutes(1)).block();
    assertThat(take("k")).isTrue();
    store().grant("k", 2, WINDOW).block();

    elapse(Duration.ofMinutes(5));
    assertThat(take("k")).isTrue();
    assertThat(take("k")).isTrue();
    assertThat(take("k")).isFalse();
  }

  @Test
  public void an_allowance_ends_with_its_window_and_taking_does_not_extend_it() {
    store().grant("k", 5, WINDOW).block();

    elapse(WINDOW.minusMinutes(1));
    assertThat(take("k")).isTrue();
    elapse(Duration.ofMinutes(2));
    assertThat(take("k")).isFalse();
  }

  @Test
  public void hits_are_counted_in_a_fixed_window_from_the_first_hit() {
    Duration window = Duration.ofMinutes(1);
    assertThat(hit("ip:1", 2, window)).isTrue();
    elapse(Duration.ofSeconds(40));
    assertThat(hit("ip:1", 2, window)).isTrue();
    assertThat(hit("ip:1", 2, window)).isFalse();
    assertThat(hit("ip:2", 2, window)).isTrue();

    // The window started at the first hit, not the last.
    elapse(Duration.ofSeconds(25));
    assertThat(hit("ip:1", 2, window)).isTrue();
    assertThat(hit("ip:1", 2, window)).isTrue();
    assertThat(hit("ip:1", 2, window)).isFalse();
  }

  @Test
  public void concurrent_takes_never_take_more_than_was_granted() {
    store().grant("k", 5, WINDOW).block();

    List<Boolean> results =
        Flux.range(0, 20)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().take(List.of("k")))
            .sequential()
            .collectList()
            .block();

    assertThat(Objects.requireNonNull(results)).hasSize(20);
    assertThat(results.stream().filter(Boolean::booleanValue)).hasSize(5);
  }

  @Test
  public void nothing_changes_until_subscribed() {
    store().grant("k", 1, WINDOW).block();
    store().grant("k", 5, WINDOW);
    store().grant("other", 1, WINDOW);
    store().take(List.of("k"));
    store().hit("ip:1", 1, WINDOW);

    assertThat(take("other")).isFalse();
    assertThat(take("k")).isTrue();
    assertThat(take("k")).isFalse();
    assertThat(hit("ip:1", 1, WINDOW)).isTrue();
  }

  private long count(String key, Duration window) {
    return Objects.requireNonNull(store().count(key, window).block());
  }

  private long counted(String key) {
    return Objects.requireNonNull(store().counted(key).block());
  }

  @Test
  public void a_counter_counts_up_reads_back_and_ends_with_its_window_from_the_first_count() {
    Duration window = Duration.ofDays(40);
    assertThat(counted("dingtalk:api:2026-05")).isZero();
    assertThat(count("dingtalk:api:2026-05", window)).isEqualTo(1);
    elapse(Duration.ofDays(20));
    assertThat(count("dingtalk:api:2026-05", window)).isEqualTo(2);
    assertThat(counted("dingtalk:api:2026-05")).isEqualTo(2);
    assertThat(counted("dingtalk:api:2026-06")).isZero();

    // 40 days after the first count, not the last, the counter is gone.
    elapse(Duration.ofDays(20).plusSeconds(1));
    assertThat(counted("dingtalk:api:2026-05")).isZero();
    assertThat(count("dingtalk:api:2026-05", window)).isEqualTo(1);
  }

  @Test
  public void concurrent_counts_each_get_their_own_number() {
    List<Long> results =
        Flux.range(0, 20)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().count("k", WINDOW))
            .sequential()
            .collectList()
            .block();

    assertThat(Objects.requireNonNull(results)).hasSize(20).doesNotHaveDuplicates();
    assertThat(results).allMatch(n -> n >= 1 && n <= 20);
    assertThat(counted("k")).isEqualTo(20);
  }
}
