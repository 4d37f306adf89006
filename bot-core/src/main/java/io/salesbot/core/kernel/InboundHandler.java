package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.InboundEvent;
import reactor.core.publisher.Mono;

/**
 * Runs the use case for one queued inbound event. Must be idempotent: the queue delivers at least
 * once. An error leaves the event in the queue for a retry (and, after several, a dead letter).
 */
@FunctionalInterface
public interface InboundHandler {
  Mono<Void> handle(InboundEvent event);
}
