package io.salesbot.core.platform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Send budgets counted by every instance together (Redis in production): token buckets that a chat
 * platform adapter consults before each call, so that salesbot never exceeds a limit the platform
 * enforces by silently dropping messages (WeCom's 30 per member per minute, DingTalk's work-notice
 * quota). Adapters name the buckets and their rates; implementations keep the counts.
 */
public interface SendBudgets {

  /**
   * One bucket: {@code key} names it cluster-wide (e.g. {@code wecom:1000002:member:ZhangSan}),
   * {@code rates} are its limits, all of which apply.
   */
  record Budget(String key, List<Rate> rates) {
    public Budget {
      Objects.requireNonNull(key, "key");
      rates = List.copyOf(rates);
      if (key.isBlank() || rates.isEmpty()) {
        throw new IllegalArgumentException("a budget needs a key and at least one rate");
      }
    }
  }

  /**
   * A token bucket: at most {@code burst} at once, refilled smoothly with {@code refill} tokens per
   * {@code period}. It admits at most {@code burst + refill × (T / period)} calls in any window of
   * length T, so a limit of N per window W is kept by choosing {@code burst + refill ≤ N} with
   * {@code period = W}.
   */
  record Rate(long burst, long refill, Duration period) {
    public Rate {
      Objects.requireNonNull(period, "period");
      if (burst < 1 || refill < 1 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("a rate needs burst ≥ 1, refill ≥ 1 and a period > 0");
      }
    }

    /** A rate that never admits more than {@code limit} calls in any window of {@code window}. */
    public static Rate atMost(long limit, Duration window) {
      if (limit < 2) {
        return new Rate(1, 1, window);
      }
      long burst = Math.max(1, limit / 3);
      return new Rate(burst, limit - burst, window);
    }
  }

  /**
   * Takes {@code tokens} from every budget in {@code budgets}, all or none.
   *
   * @return {@link Duration#ZERO} when taken; otherwise how long to wait before trying again (at
   *     least one millisecond), and nothing was taken
   */
  Mono<Duration> take(List<Budget> budgets, long tokens);
}
