package io.salesbot.core.lead;

import io.salesbot.core.kernel.domain.InboundEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where inbound events (lead submissions, and the card clicks and messages of every platform) are
 * put durably when the queue is unreachable (PostgreSQL), to be moved to the queue once it is back
 * ({@link RelayFallback}). Nothing is lost either way. See {@link FallbackInboundQueue}.
 */
public interface IntakeFallback {
  /**
   * @return true when stored now, false when an event with this id was stored before
   */
  Mono<Boolean> store(InboundEvent event);

  /** Parked events, oldest first. */
  Flux<InboundEvent> pending(int limit);

  /** Forgets a parked event once it is on the queue. */
  Mono<Void> remove(String eventId);
}
