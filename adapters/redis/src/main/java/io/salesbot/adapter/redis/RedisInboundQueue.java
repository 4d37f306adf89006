package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Appends inbound events to their lane, once per event id within the dedupe window: the dedupe
 * check and the append are one Lua script, so racing redeliveries append once.
 */
final class RedisInboundQueue implements InboundQueue {
  private final StreamOps ops;

  RedisInboundQueue(StreamOps ops) {
    this.ops = ops;
  }

  @Override
  public Mono<Boolean> enqueue(InboundEvent event) {
    return Mono.defer(
        () ->
            ops.appendIfNew(
                ops.keys().seen(event.eventId()),
                ops.keys().laneOf(event),
                InboundEventCodec.encode(event)));
  }

  /** Every command fails after {@code commandTimeout} ({@link StreamOps#command}). */
  @Override
  public Optional<Duration> answersWithin() {
    return Optional.of(ops.settings().commandTimeout());
  }
}
