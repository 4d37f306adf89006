package io.salesbot.core.lead;

import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where intake puts leads durably when the queue is unreachable (PostgreSQL), to be moved to the
 * queue once it is back. Nothing is lost either way.
 */
public interface IntakeFallback {
  /**
   * @return true when stored now, false when this intake id was stored before
   */
  Mono<Boolean> store(LeadSubmitted event);

  /** Parked submissions, oldest first. */
  Flux<LeadSubmitted> pending(int limit);

  /** Forgets a parked submission once it is on the queue. */
  Mono<Void> remove(String intakeId);
}
