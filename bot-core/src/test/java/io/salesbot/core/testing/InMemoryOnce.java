package io.salesbot.core.testing;

import io.salesbot.core.kernel.Once;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link Once} in memory, expiring by the given clock. */
public final class InMemoryOnce implements Once {
  private record Mark(String holder, Instant expiresAt) {}

  private final Map<String, Mark> marks = new HashMap<>();
  private final Clock clock;

  public InMemoryOnce(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Boolean> claim(String key, String holder, Duration ttl) {
    return Mono.fromSupplier(
        () -> {
          synchronized (marks) {
            Instant now = clock.instant();
            Mark mark = marks.get(key);
            if (mark == null || !mark.expiresAt().isAfter(now)) {
              marks.put(key, new Mark(holder, now.plus(ttl)));
              return true;
            }
            return mark.holder().equals(holder);
          }
        });
  }
}
