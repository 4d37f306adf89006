package io.salesbot.core.platform;

import io.salesbot.core.platform.domain.OutboundCommand;
import reactor.core.publisher.Mono;

/** Durable queue of things to send, one per platform; a sender per platform drains it. */
public interface Outbox {
  Mono<Void> emit(OutboundCommand command);
}
