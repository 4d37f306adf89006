package io.salesbot.core.kernel;

import io.salesbot.core.kernel.domain.OutboundCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable queue of things to send, one per platform; a sender per platform drains it. Commands that
 * cannot be sent yet (a spent send budget, a platform that is down) wait beside it until their time
 * and then come back to the sender, so they are neither lost nor dead-lettered.
 */
public interface Outbox {
  Mono<Void> emit(OutboundCommand command);

  /**
   * Emits the commands as {@link #emit} would, one after the other. An outbox may do it in one
   * round trip (pipelined appends); when it fails, some of them may have been emitted, and emitting
   * them all again is harmless (deliveries are recorded per command id).
   */
  default Mono<Void> emitAll(List<OutboundCommand> commands) {
    return Flux.fromIterable(commands).concatMap(this::emit).then();
  }

  /**
   * Puts a command aside until {@code notBefore} (a spent send budget, a platform that is down); it
   * then comes back to its platform's sender, waiting commands oldest first. Durable like {@link
   * #emit}.
   */
  Mono<Void> defer(OutboundCommand command, Instant notBefore);

  /**
   * Like {@link #defer}, but in line behind the commands already waiting for the same recipients:
   * not before {@code notBefore}, and at least {@code spacing} after the last of them. Used when a
   * recipient's send budget is spent, so that a hundred messages for one person come back one
   * budget refill apart instead of all at once (each but one would only be put aside again). The
   * default ignores the line.
   */
  default Mono<Void> deferInLine(OutboundCommand command, Instant notBefore, Duration spacing) {
    return defer(command, notBefore);
  }
}
