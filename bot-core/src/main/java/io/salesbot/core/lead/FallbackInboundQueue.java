package io.salesbot.core.lead;

import io.salesbot.core.kernel.Deadlines;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * The inbound queue every caller uses (intake, WeCom, DingTalk and sandbox callbacks): the queue
 * (Redis) first, and when it cannot take the event, the fallback store (PostgreSQL), from which
 * {@link RelayFallback} moves it to the queue once the queue is back. Each step has a time limit,
 * so a caller hears within {@code queueTimeout + fallbackTimeout} whether its event is durable; it
 * fails with {@link IntakeUnavailableException} when neither step could take it.
 */
public final class FallbackInboundQueue implements InboundQueue {
  /** Default longest wait for the queue, and again for the fallback store. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final System.Logger LOG = System.getLogger(FallbackInboundQueue.class.getName());

  private final InboundQueue queue;
  private final IntakeFallback fallback;
  private final Duration queueTimeout;
  private final Duration fallbackTimeout;
  // The queue's own time limit is as short as ours or shorter: a second timer would never fire.
  private final boolean queueBoundsItself;

  /** Where an event went. */
  public enum Taken {
    QUEUED,
    QUEUED_BEFORE,
    PARKED,
    PARKED_BEFORE;

    /** True when the event was new here. */
    public boolean isNew() {
      return this == QUEUED || this == PARKED;
    }

    /** True when it went to the fallback store. */
    public boolean viaFallback() {
      return this == PARKED || this == PARKED_BEFORE;
    }
  }

  /**
   * With {@link #DEFAULT_TIMEOUT} for each step. A port decorator, not a use case: the server
   * builds it for the platform adapters, which exist before the core assembly ({@code Salesbot})
   * does.
   */
  public static FallbackInboundQueue over(InboundQueue queue, IntakeFallback fallback) {
    return new FallbackInboundQueue(queue, fallback);
  }

  /** With {@link #DEFAULT_TIMEOUT} for each step. */
  public FallbackInboundQueue(InboundQueue queue, IntakeFallback fallback) {
    this(queue, fallback, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
  }

  public FallbackInboundQueue(
      InboundQueue queue,
      IntakeFallback fallback,
      Duration queueTimeout,
      Duration fallbackTimeout) {
    if (queueTimeout.isNegative() || queueTimeout.isZero()) {
      throw new IllegalArgumentException("queueTimeout must be positive");
    }
    if (fallbackTimeout.isNegative() || fallbackTimeout.isZero()) {
      throw new IllegalArgumentException("fallbackTimeout must be positive");
    }
    this.queue = queue;
    this.fallback = fallback;
    this.queueTimeout = queueTimeout;
    this.fallbackTimeout = fallbackTimeout;
    this.queueBoundsItself =
        queue.answersWithin().map(own -> own.compareTo(queueTimeout) <= 0).orElse(false);
  }

  /** True when the event was queued or parked now, false when it was taken before. */
  @Override
  public Mono<Boolean> enqueue(InboundEvent event) {
    return take(event).map(Taken::isNew);
  }

  /** Queues or parks the event, saying where it went. */
  public Mono<Taken> take(InboundEvent event) {
    Mono<Boolean> enqueue = Mono.defer(() -> queue.enqueue(event));
    return (queueBoundsItself ? enqueue : Deadlines.within(enqueue, queueTimeout))
        .map(appended -> appended ? Taken.QUEUED : Taken.QUEUED_BEFORE)
        .onErrorResume(queueError -> park(event, queueError));
  }

  private Mono<Taken> park(InboundEvent event, Throwable queueError) {
    LOG.log(
        System.Logger.Level.WARNING,
        "inbound queue unavailable ({0}); storing event {1} in PostgreSQL",
        describe(queueError, queueTimeout),
        event.eventId());
    return Deadlines.within(Mono.defer(() -> fallback.store(event)), fallbackTimeout)
        .map(stored -> stored ? Taken.PARKED : Taken.PARKED_BEFORE)
        .onErrorMap(
            dbError -> {
              IntakeUnavailableException e =
                  new IntakeUnavailableException(
                      "neither the queue nor the database can take the event ("
                          + describe(dbError, fallbackTimeout)
                          + ")",
                      dbError);
              e.addSuppressed(queueError);
              return e;
            });
  }

  private static String describe(Throwable e, Duration limit) {
    return e instanceof TimeoutException ? "no answer within " + limit : e.toString();
  }
}
