package io.salesbot.core.testing;

import io.salesbot.core.platform.SendBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@link SendBudgets} in memory, by the given clock: one greedy token bucket per key and rate, the
 * same arithmetic the Redis implementation keeps. As there, a budget whose rates change is a new
 * bucket, and a refusal names the wait of the first budget (in the order given) that refuses.
 */
public final class InMemorySendBudgets implements SendBudgets {
  private record Bucket(double tokens, Instant at) {}

  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Clock clock;

  public InMemorySendBudgets(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Duration> take(List<Budget> budgets, long tokens) {
    if (tokens < 1) {
      return Mono.error(new IllegalArgumentException("tokens must be at least 1, got " + tokens));
    }
    return Mono.fromSupplier(() -> takeNow(budgets, tokens));
  }

  private synchronized Duration takeNow(List<Budget> budgets, long tokens) {
    Instant now = clock.instant();
    Map<String, Bucket> next = new HashMap<>();
    for (Budget budget : budgets) {
      Duration wait = Duration.ZERO;
      for (int i = 0; i < budget.rates().size(); i++) {
        Rate rate = budget.rates().get(i);
        String key = budget.key() + "|" + budget.rates() + "#" + i;
        Bucket b = buckets.getOrDefault(key, new Bucket(rate.burst(), now));
        double perNano = (double) rate.refill() / rate.period().toNanos();
        double available =
            Math.min(rate.burst(), b.tokens() + perNano * Duration.between(b.at(), now).toNanos());
        if (available >= tokens) {
          next.put(key, new Bucket(available - tokens, now));
        } else {
          long nanos = (long) Math.ceil((tokens - available) / perNano);
          Duration w = Duration.ofNanos(Math.max(nanos, 1_000_000));
          if (w.compareTo(wait) > 0) {
            wait = w;
          }
        }
      }
      if (!wait.isZero()) {
        return wait;
      }
    }
    buckets.putAll(next);
    return Duration.ZERO;
  }
}
