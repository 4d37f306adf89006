package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link Once} that the welcome card relies on: one holder per key until the mark
 * expires, the same holder let through again (a redelivered event), and one winner in a race.
 */
public abstract class OnceContract {
  private static final Duration TTL = Duration.ofDays(30);

  private final MutableClock clock = new MutableClock(T0_MILLIS);

  /** An empty store keeping time by {@code clock}; called once per test. */
  protected abstract Once once(Clock clock);

  /**
   * Lets {@code d} pass for the store (a store keeping time itself ages its marks by {@code d}).
   */
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  private Once once;

  private synchronized Once store() {
    if (once == null) {
      once = once(clock);
    }
    return once;
  }

  private boolean claim(String key, String holder) {
    return Boolean.TRUE.equals(store().claim(key, holder, TTL).block());
  }

  @Test
  public void the_first_holder_keeps_the_mark_and_is_let_through_again() {
    assertThat(claim("welcome:lisi", "e1")).isTrue();
    assertThat(claim("welcome:lisi", "e1")).isTrue();
    assertThat(claim("welcome:lisi", "e2")).isFalse();
    assertThat(claim("welcome:wangwu", "e2")).isTrue();
  }

  @Test
  public void the_mark_lasts_its_time_and_no_longer() {
    assertThat(claim("welcome:lisi", "e1")).isTrue();
    elapse(TTL.minusSeconds(1));
    assertThat(claim("welcome:lisi", "e2")).isFalse();
    elapse(Duration.ofSeconds(2));
    assertThat(claim("welcome:lisi", "e2")).isTrue();
    assertThat(claim("welcome:lisi", "e1")).isFalse();
  }

  @Test
  public void nothing_is_taken_until_subscribed() {
    var pending = store().claim("welcome:lisi", "e1", TTL);
    assertThat(claim("welcome:lisi", "e2")).isTrue();
    assertThat(pending.block()).isFalse();
  }

  @Test
  public void one_of_twelve_concurrent_holders_wins() {
    store();
    List<Boolean> won =
        Flux.range(0, 12)
            .flatMap(
                i -> store().claim("welcome:race", "e" + i, TTL).subscribeOn(Schedulers.parallel()))
            .collectList()
            .block();
    assertThat(Objects.requireNonNull(won)).containsOnlyOnce(true);
  }
}
