package io.salesbot.adapter.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.salesbot.core.kernel.Deadlines;
import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Appends inbound events to their lane, once per event id within the dedupe window: the dedupe
 * check and the append are one Lua script, so racing redeliveries append once.
 *
 * <p><b>Group commit.</b> The events handed in while a script call is under way go together in the
 * next call, up to {@link #MAX_BATCH} per call (a lone event waits for nobody): under load one
 * round trip, one script run and one Redis command parse serve many requests. Each caller still
 * gets its own answer (appended or a duplicate, also against an earlier event of the same batch).
 * Every inbound key shares the inbound hash tag ({@link Keys}), so a batch is one slot on a Redis
 * Cluster as well.
 *
 * <p>When a batch fails because Redis is unreachable or too slow, every event of it fails with that
 * error (the caller parks it in PostgreSQL, {@code FallbackInboundQueue}); none is answered as
 * appended. When Redis ran the script and it failed part way (e.g. out of memory), each event is
 * tried again on its own: an event the failed run had appended is recognised by its token (the
 * value of its seen key, unique per call) and answered as appended, not as a duplicate.
 */
final class RedisInboundQueue implements InboundQueue {
  /** Most events in one script call. */
  static final int MAX_BATCH = 256;

  private final StreamOps ops;
  private final GroupCommit<StreamOps.Append, Boolean> appends;
  private final String tokens = UUID.randomUUID().toString();
  private final AtomicLong calls = new AtomicLong();

  RedisInboundQueue(StreamOps ops) {
    this.ops = ops;
    this.appends =
        new GroupCommit<>(
            "inbound events",
            MAX_BATCH,
            ops::appendAllIfNew,
            one -> ops.appendAllIfNew(List.of(one)).map(flags -> flags.get(0)),
            RedisInboundQueue::mayBeOneEventsDoing);
  }

  @Override
  public Mono<Boolean> enqueue(InboundEvent event) {
    // A call waits for the batch under way and then for its own: one time limit over both keeps
    // answersWithin() true. An event whose limit passed while it waited may still be appended
    // later; its caller parked it, and the dedupe mark makes the relay drop the second copy.
    Duration limit = ops.settings().commandTimeout();
    return Deadlines.within(
            Mono.defer(
                () ->
                    appends.submit(
                        new StreamOps.Append(
                            ops.keys().seen(event.eventId()),
                            ops.keys().laneOf(event),
                            tokens + ":" + calls.incrementAndGet(),
                            InboundEventCodec.encode(event)))),
            limit)
        .onErrorMap(
            TimeoutException.class,
            e -> new RedisCommandTimeoutException("Redis did not answer within " + limit));
  }

  /** Every call fails after {@code commandTimeout}, however long it waited for a batch. */
  @Override
  public Optional<Duration> answersWithin() {
    return Optional.of(ops.settings().commandTimeout());
  }

  /** Redis ran the script and refused it: perhaps one event's doing, worth trying each alone. */
  private static boolean mayBeOneEventsDoing(Throwable failure) {
    return failure instanceof RedisCommandExecutionException;
  }
}
