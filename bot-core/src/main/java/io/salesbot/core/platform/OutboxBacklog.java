package io.salesbot.core.platform;

import io.salesbot.core.kernel.Outbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * How many outbound commands wait in the outbox per platform because a send budget is spent or the
 * platform is down ({@link Outbox#defer}). Shown to managers, so that "my reps get their cards
 * late" has a visible reason — together with how much of each platform's {@link MonthlyQuota} this
 * month has used, the most common reason on DingTalk's standard edition.
 */
@FunctionalInterface
public interface OutboxBacklog {
  /** Nothing is ever counted (tests, and set-ups without a waiting outbox). */
  OutboxBacklog NONE = () -> Mono.just(Map.of());

  /** Waiting commands by platform id; platforms with none may be absent. */
  Mono<Map<String, Long>> waiting();

  /** This month's use of each platform's monthly quotas (with a limit); none by default. */
  default Mono<List<MonthlyQuota.Use>> monthlyQuotas() {
    return Mono.just(List.of());
  }

  /**
   * How long the oldest outbound command of each platform has been waiting: in its outbox stream
   * (not yet sent) or put aside ({@link Outbox#defer}, counted from when it was last put aside).
   * Platforms with none may be absent; none by default.
   */
  default Mono<Map<String, Duration>> oldestWaiting() {
    return Mono.just(Map.of());
  }

  /** {@code waiting}, and the monthly use of {@code quotas} (those with a limit). */
  static OutboxBacklog of(OutboxBacklog waiting, List<MonthlyQuota> quotas) {
    List<MonthlyQuota> limited = quotas.stream().filter(q -> q.limit().perMonth() > 0).toList();
    return new OutboxBacklog() {
      @Override
      public Mono<Map<String, Long>> waiting() {
        return waiting.waiting();
      }

      @Override
      public Mono<Map<String, Duration>> oldestWaiting() {
        return waiting.oldestWaiting();
      }

      @Override
      public Mono<List<MonthlyQuota.Use>> monthlyQuotas() {
        return reactor.core.publisher.Flux.fromIterable(limited)
            .concatMap(MonthlyQuota::use)
            .collectList();
      }
    };
  }
}
