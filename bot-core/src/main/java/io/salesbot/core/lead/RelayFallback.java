package io.salesbot.core.lead;

import io.salesbot.core.kernel.InboundQueue;
import reactor.core.publisher.Mono;

/**
 * Moves events parked in the fallback store (lead submissions and platform callbacks) onto the
 * queue once it is reachable again. Safe to run on several instances at once: the queue drops
 * duplicates by event id. Give it the queue itself, not a {@link FallbackInboundQueue}.
 */
public final class RelayFallback {
  private final IntakeFallback fallback;
  private final InboundQueue queue;

  public RelayFallback(IntakeFallback fallback, InboundQueue queue) {
    this.fallback = fallback;
    this.queue = queue;
  }

  /**
   * Relays up to {@code batch} parked events, oldest first.
   *
   * @return how many were moved; errors when the queue is still unreachable (nothing is removed)
   */
  public Mono<Integer> relay(int batch) {
    return fallback
        .pending(batch)
        .concatMap(
            e ->
                queue.enqueue(e).then(Mono.defer(() -> fallback.remove(e.eventId()))).thenReturn(1))
        .reduce(0, Integer::sum);
  }
}
