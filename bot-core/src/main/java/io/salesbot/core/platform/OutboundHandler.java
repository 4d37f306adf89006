package io.salesbot.core.platform;

import io.salesbot.core.kernel.domain.OutboundCommand;
import reactor.core.publisher.Mono;

/** Sends one queued outbound command. Idempotent, like {@link InboundHandler}. */
@FunctionalInterface
public interface OutboundHandler {
  Mono<Void> handle(OutboundCommand command);
}
