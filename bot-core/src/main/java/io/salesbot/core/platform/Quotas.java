package io.salesbot.core.platform;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Counters shared by all instances (Redis in production), for platform send quotas and abuse rate
 * limits: a per-recipient allowance that a platform grants for a while (WeChat's customer-service
 * window), a fixed-window hit counter, and a plain counter that can be read (a platform's monthly
 * call quota, see {@link MonthlyQuota}).
 */
public interface Quotas {
  /**
   * Sets the allowance of {@code key} to {@code uses} for {@code window}, replacing an older one.
   */
  Mono<Void> grant(String key, int uses, Duration window);

  /**
   * Takes one use from the first of {@code keys} that still has an allowance left.
   *
   * @return true when a use was taken; false when none of the keys has one (nothing changes)
   */
  Mono<Boolean> take(List<String> keys);

  /**
   * Counts a hit on {@code key} in a fixed window of {@code window} starting at its first hit.
   *
   * @return true while the hits in the window are at most {@code limit}
   */
  Mono<Boolean> hit(String key, int limit, Duration window);

  /**
   * Counts one on {@code key}, in a fixed window of {@code window} starting at its first count
   * (like {@link #hit}); every count in the window gets a different number.
   *
   * @return the count after this one, 1 for the first in a window
   */
  Mono<Long> count(String key, Duration window);

  /** What {@link #count} has counted on {@code key} in its current window; 0 when nothing. */
  Mono<Long> counted(String key);
}
