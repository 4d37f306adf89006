package io.salesbot.core.kernel;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The unfinished work in the {@link InboundQueue}'s lanes, for the ops alerts: how many events each
 * lane holds (queued or being handled) and how long the oldest of them has been there.
 */
@FunctionalInterface
public interface QueueBacklog {
  /** No lanes (set-ups without a queue to watch). */
  QueueBacklog NONE = () -> Mono.just(List.of());

  /** One lane's unfinished work. */
  record Lane(String lane, long entries, Duration oldest) {}

  /** Every lane, in a stable order; {@link Duration#ZERO} as {@code oldest} for an empty lane. */
  Mono<List<Lane>> lanes();
}
