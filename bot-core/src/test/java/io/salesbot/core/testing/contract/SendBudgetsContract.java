package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour of {@link SendBudgets} that platform adapters rely on to stay under the platforms'
 * limits: greedy token buckets, all budgets or none, and a wait that says when to try again.
 */
public abstract class SendBudgetsContract {
  /** Three at once, then one every ten seconds. */
  private static final Rate TEN_SECONDS = new Rate(3, 6, Duration.ofMinutes(1));

  private final MutableClock clock = new MutableClock(T0_MILLIS);

  /** Empty budgets keeping time by {@code clock}; called once per test. */
  protected abstract SendBudgets sendBudgets(Clock clock);

  /**
   * Lets {@code d} pass for the store. Moves the clock; a store that keeps time itself (Redis TTLs)
   * ages what it holds by {@code d} as well.
   */
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  private SendBudgets budgets;

  private synchronized SendBudgets store() {
    if (budgets == null) {
      budgets = sendBudgets(clock);
    }
    return budgets;
  }

  private Duration take(long tokens, Budget... budgets) {
    return store().take(List.of(budgets), tokens).block();
  }

  private static Budget budget(String key, Rate... rates) {
    return new Budget(key, List.of(rates));
  }

  private static void assertWait(Duration wait, Duration expected) {
    assertThat(wait).isBetween(expected.minusMillis(100), expected);
  }

  @Test
  public void a_fresh_budget_admits_its_burst_then_says_when_a_token_is_back() {
    Budget b = budget("wecom:1:member:lisi", TEN_SECONDS);

    assertThat(take(1, b)).isZero();
    assertThat(take(2, b)).isZero();
    assertWait(take(1, b), Duration.ofSeconds(10));
    assertWait(take(2, b), Duration.ofSeconds(20));
  }

  @Test
  public void tokens_come_back_smoothly_and_never_beyond_the_burst() {
    Budget b = budget("k", TEN_SECONDS);
    assertThat(take(3, b)).isZero();

    elapse(Duration.ofSeconds(4));
    assertWait(take(1, b), Duration.ofSeconds(6));
    elapse(Duration.ofSeconds(6));
    assertThat(take(1, b)).isZero();
    assertThat(take(1, b)).isPositive();

    elapse(Duration.ofHours(1));
    assertThat(take(3, b)).isZero();
    assertThat(take(1, b)).isPositive();
  }

  @Test
  public void every_rate_of_a_budget_applies() {
    Budget b = budget("k", TEN_SECONDS, new Rate(4, 1, Duration.ofHours(1)));
    assertThat(take(3, b)).isZero();

    elapse(Duration.ofMinutes(1));
    assertThat(take(1, b)).isZero();
    // The per-minute rate has room again; the hourly one is spent.
    Duration wait = take(1, b);
    assertThat(wait).isGreaterThan(Duration.ofMinutes(50));
  }

  @Test
  public void takes_from_all_budgets_or_from_none() {
    Budget app = budget("app", new Rate(3, 1, Duration.ofDays(1)));
    Budget a = budget("a", new Rate(2, 1, Duration.ofHours(1)));
    Budget b = budget("b", new Rate(5, 1, Duration.ofHours(1)));

    assertThat(take(1, a, app)).isZero();
    assertThat(take(1, a, app)).isZero();
    // a is spent: nothing is taken from app.
    assertThat(take(1, a, app)).isPositive();
    assertThat(take(1, b, app)).isZero();
    // app is spent now: b keeps its tokens.
    assertThat(take(1, b, app)).isPositive();
    assertThat(take(4, b)).isZero();
    assertThat(take(1, b)).isPositive();
  }

  @Test
  public void the_wait_is_that_of_the_first_budget_that_refuses() {
    Budget minute = budget("minute", new Rate(1, 1, Duration.ofMinutes(1)));
    Budget hour = budget("hour", new Rate(1, 1, Duration.ofHours(1)));
    assertThat(take(1, minute, hour)).isZero();

    assertWait(take(1, minute, hour), Duration.ofMinutes(1));
    assertWait(take(1, hour, minute), Duration.ofHours(1));
  }

  @Test
  public void a_budget_whose_rates_change_starts_full() {
    assertThat(take(3, budget("k", TEN_SECONDS))).isZero();
    assertThat(take(1, budget("k", TEN_SECONDS))).isPositive();

    // More seats licensed: a new rate under the same name.
    Rate more = new Rate(5, 10, Duration.ofMinutes(1));
    assertThat(take(5, budget("k", more))).isZero();
    assertThat(take(1, budget("k", more))).isPositive();
  }

  @Test
  public void no_budgets_admit_at_once_and_fewer_than_one_token_is_refused() {
    assertThat(store().take(List.of(), 1).block()).isZero();
    assertThatThrownBy(() -> store().take(List.of(budget("k", TEN_SECONDS)), 0).block())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void concurrent_takes_never_exceed_the_burst() {
    Budget b = budget("k", new Rate(5, 1, Duration.ofDays(1)));

    List<Duration> waits =
        Flux.range(0, 20)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().take(List.of(b), 1))
            .sequential()
            .collectList()
            .block();

    assertThat(Objects.requireNonNull(waits)).hasSize(20);
    assertThat(waits.stream().filter(Duration::isZero)).hasSize(5);
  }

  @Test
  public void nothing_is_taken_until_subscribed() {
    Budget b = budget("k", TEN_SECONDS);
    store().take(List.of(b), 3);
    store().take(List.of(b), 1);

    assertThat(take(3, b)).isZero();
  }
}
