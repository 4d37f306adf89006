package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.platform.SendBudgets;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class RedisSendBudgetsTest extends RedisTestBase {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));

  private SendBudgets budgets() {
    RedisAdapter adapter = new RedisAdapter(client, settings("budgets"), clock);
    closeLater(adapter);
    return adapter.sendBudgets();
  }

  private static Budget member(String user) {
    return new Budget(
        "wecom:1000002:member:" + user,
        List.of(Rate.atMost(30, Duration.ofMinutes(1)), Rate.atMost(1000, Duration.ofHours(1))));
  }

  @Test
  void a_rate_at_most_30_a_minute_never_admits_more_than_30_in_any_minute() {
    SendBudgets budgets = budgets();
    Deque<Instant> admitted = new ArrayDeque<>();
    List<Instant> all = new ArrayList<>();
    // Ask every 500 ms (fake time) for 10 minutes: far more than the budget.
    for (int i = 0; i < 1200; i++) {
      Duration wait = budgets.take(List.of(member("ZhangSan")), 1).block();
      if (wait.isZero()) {
        all.add(clock.instant());
      } else {
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
      }
      clock.advance(Duration.ofMillis(500));
    }
    int most = 0;
    for (Instant t : all) {
      admitted.addLast(t);
      while (!admitted.peekFirst().isAfter(t.minus(Duration.ofMinutes(1)))) {
        admitted.removeFirst();
      }
      most = Math.max(most, admitted.size());
    }
    assertThat(most).isBetween(28, 30);
    // the long-run rate is the refill: 20 a minute after the first burst of 10
    assertThat(all).hasSizeBetween(10 + 20 * 10 - 1, 10 + 20 * 10 + 1);
    assertThat(redis.keys("salesbot:budget:*"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("salesbot:budget:wecom:1000002:member:ZhangSan:");
    assertThat(redis.pttl(redis.keys("salesbot:budget:*").get(0))).isPositive();
  }

  @Test
  void refuses_with_the_time_until_a_token_is_back() {
    SendBudgets budgets = budgets();
    Budget one = new Budget("k", List.of(new Rate(1, 1, Duration.ofSeconds(10))));

    assertThat(budgets.take(List.of(one), 1).block()).isZero();
    Duration wait = budgets.take(List.of(one), 1).block();
    assertThat(wait).isBetween(Duration.ofMillis(9_900), Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(4));
    assertThat(budgets.take(List.of(one), 1).block())
        .isBetween(Duration.ofMillis(5_900), Duration.ofSeconds(6));
    clock.advance(Duration.ofSeconds(6));
    assertThat(budgets.take(List.of(one), 1).block()).isZero();
  }

  @Test
  void takes_from_all_buckets_or_from_none() {
    SendBudgets budgets = budgets();
    Budget app = new Budget("app", List.of(new Rate(3, 1, Duration.ofDays(1))));
    Budget a = new Budget("a", List.of(new Rate(2, 1, Duration.ofHours(1))));
    Budget b = new Budget("b", List.of(new Rate(5, 1, Duration.ofHours(1))));

    assertThat(budgets.take(List.of(a, app), 1).block()).isZero();
    assertThat(budgets.take(List.of(a, app), 1).block()).isZero();
    // a is spent: nothing is taken from app
    assertThat(budgets.take(List.of(a, app), 1).block()).isPositive();
    assertThat(budgets.take(List.of(b, app), 1).block()).isZero();
    // app is spent now; b's token taken first is given back
    assertThat(budgets.take(List.of(b, app), 1).block()).isPositive();
    assertThat(budgets.take(List.of(b), 4).block()).isZero();
    assertThat(budgets.take(List.of(b), 1).block()).isPositive();
  }

  @Test
  void instances_share_the_budget() {
    SendBudgets one = budgets();
    SendBudgets two = budgets();
    AtomicInteger taken = new AtomicInteger();

    Flux.range(0, 100)
        .flatMap(i -> (i % 2 == 0 ? one : two).take(List.of(member("LiSi")), 1), 16)
        .filter(Duration::isZero)
        .doOnNext(d -> taken.incrementAndGet())
        .blockLast();

    assertThat(taken).hasValue(10); // the burst of Rate.atMost(30, 1 min)
  }

  @Test
  void a_changed_limit_is_a_bucket_of_its_own() {
    SendBudgets budgets = budgets();
    Budget small = new Budget("app:day", List.of(new Rate(1, 1, Duration.ofDays(1))));
    Budget big = new Budget("app:day", List.of(new Rate(100, 100, Duration.ofDays(1))));

    assertThat(budgets.take(List.of(small), 1).block()).isZero();
    assertThat(budgets.take(List.of(small), 1).block()).isPositive();
    assertThat(budgets.take(List.of(big), 50).block()).isZero();
    assertThat(budgets.take(List.of(small), 1).block()).isPositive();
  }
}
