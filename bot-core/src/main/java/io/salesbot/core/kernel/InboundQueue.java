package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.InboundEvent;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The durable queue between adapters and use cases (Redis Streams in production). Lead submissions
 * go to the lane of their priority; card actions and typed messages go to the hot lane, because a
 * person is waiting.
 */
public interface InboundQueue {
  /**
   * Appends the event unless an event with the same id was queued before.
   *
   * @return true when appended now, false when it was a duplicate and nothing was appended. Errors
   *     when the queue cannot durably take the event.
   */
  Mono<Boolean> enqueue(InboundEvent event);

  /**
   * The time limit {@link #enqueue} keeps by itself (it fails by then), if it keeps one: a caller
   * with the same or a longer limit then needs no timer of its own. Empty by default.
   */
  default Optional<Duration> answersWithin() {
    return Optional.empty();
  }
}
