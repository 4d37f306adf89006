package io.salesbot.core.testing;

import io.salesbot.core.platform.Quotas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** {@link Quotas} in memory, expiring by the given clock. */
public final class InMemoryQuotas implements Quotas {
  private record Counter(long value, Instant expiresAt) {}

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryQuotas(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Void> grant(String key, int uses, Duration window) {
    return Mono.fromRunnable(
        () -> counters.put(key, new Counter(uses, clock.instant().plus(window))));
  }

  @Override
  public Mono<Boolean> take(List<String> keys) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            for (String key : keys) {
              Counter c = live(key);
              if (c != null && c.value() > 0) {
                counters.put(key, new Counter(c.value() - 1, c.expiresAt()));
                return true;
              }
            }
            return false;
          }
        });
  }

  @Override
  public Mono<Boolean> hit(String key, int limit, Duration window) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            Counter c = live(key);
            Counter next =
                c == null
                    ? new Counter(1, clock.instant().plus(window))
                    : new Counter(c.value() + 1, c.expiresAt());
            counters.put(key, next);
            return next.value() <= limit;
          }
        });
  }

  @Override
  public Mono<Long> count(String key, Duration window) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            Counter c = live(key);
            Counter next =
                c == null
                    ? new Counter(1, clock.instant().plus(window))
                    : new Counter(c.value() + 1, c.expiresAt());
            counters.put(key, next);
            return next.value();
          }
        });
  }

  @Override
  public Mono<Long> counted(String key) {
    return Mono.fromSupplier(() -> value(key));
  }

  /** The remaining allowance or hit count of {@code key}, 0 when absent or expired. */
  public synchronized long value(String key) {
    Counter c = live(key);
    return c == null ? 0 : c.value();
  }

  private Counter live(String key) {
    Counter c = counters.get(key);
    if (c == null || !c.expiresAt().isAfter(clock.instant())) {
      counters.remove(key);
      return null;
    }
    return c;
  }
}
