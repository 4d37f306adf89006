package io.salesbot.adapter.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Drains one or more streams (in priority order) as one consumer of the consumer group, running a
 * handler per entry, at most {@code concurrency} at once.
 *
 * <ul>
 *   <li>Reads the first stream before the others: a non-blocking read of the first stream, and only
 *       when it is empty a read of all streams that blocks for up to {@code blockTimeout}.
 *   <li>Acknowledges (and deletes) an entry only after its handler completed. A failed or timed-out
 *       handler leaves the entry pending.
 *   <li>Every {@code reclaimInterval} takes over (XAUTOCLAIM) entries idle longer than {@code
 *       reclaimIdle}: its own failures and the entries of crashed or stopped consumers. An entry
 *       delivered more than {@code maxDeliveries} times, or one that fails its last allowed
 *       delivery, moves to the dead letters; so does an entry that cannot be decoded.
 *   <li>A handler that fails because a store is unreachable ({@link Outages}: the database is down,
 *       its pool timed out, or the handler timed out while the database does not answer) spends no
 *       delivery: the worker gives the delivery back, stops reading and reclaiming, asks {@link
 *       Outages#available()} with a growing pause (up to 5 s), and resumes once the stores answer.
 *       However long the outage, its entries are handled afterwards instead of being dead-lettered.
 * </ul>
 *
 * <p>Delivery is at least once: handlers must be idempotent. A worker is started once and stopped
 * once; it runs on a daemon thread of its own plus Reactor's bounded-elastic scheduler for
 * handlers.
 */
public final class StreamWorker {
  private static final System.Logger LOG = System.getLogger(StreamWorker.class.getName());
  private static final int RECLAIM_ROUNDS = 10;
  private static final int MAX_REMEMBERED_ERRORS = 10_000;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final String name;
  private final List<String> streams;
  private final EntryProcessor processor;
  private final StreamOps ops;
  private final Connections connections;
  private final RedisStreamSettings settings;
  private final Consumer<String> consumer;
  private final Semaphore permits;
  private final Outages outages;

  /** The most handlers this worker runs at once. */
  private final int concurrency;

  /** Guards the outage state below; written by handler threads and the loop. */
  private final Object outageLock = new Object();

  private volatile boolean inOutage;
  private volatile long pausedUntil;
  private long outageBackoffMs;

  /** The most handlers that may run at once now ({@link #limit(int)}); at most the concurrency. */
  private volatile int limit;

  /** Permits the loop holds back to keep within {@link #limit}; touched by the loop thread only. */
  private int held;

  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, String> lastErrors =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_REMEMBERED_ERRORS;
        }
      };
  private final Map<String, String> cursors = new HashMap<>();
  private final Sinks.One<Boolean> kill = Sinks.one();
  private final AtomicInteger state = new AtomicInteger(NEW);
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int STOPPED = 2;

  /** An entry of one of the streams. */
  private record Entry(String stream, String id) {}

  /**
   * The acknowledgements of the handlers that finish while one is under way go together: one script
   * per stream ({@link StreamOps#ackAndDeleteAll}) instead of one per entry.
   */
  private final GroupCommit<Entry, Entry> acks;

  private static final int MAX_ACKS = 256;

  private final @Nullable Supplier<Mono<?>> tick;
  private volatile boolean running;
  private @Nullable Thread loop;
  private Connections.@Nullable Dedicated reader;

  StreamWorker(
      String name,
      List<String> streams,
      EntryProcessor processor,
      StreamOps ops,
      Connections connections) {
    this(
        name,
        streams,
        processor,
        ops,
        connections,
        null,
        Outages.NONE,
        ops.settings().concurrency());
  }

  /**
   * With a {@code tick} run on the loop thread about every {@code blockTimeout} before reading
   * (e.g. releasing waiting commands into the stream); a failing tick is logged and does not stop
   * the worker. At most {@code concurrency} handlers run at once.
   */
  StreamWorker(
      String name,
      List<String> streams,
      EntryProcessor processor,
      StreamOps ops,
      Connections connections,
      @Nullable Supplier<Mono<?>> tick,
      Outages outages,
      int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.concurrency = concurrency;
    this.tick = tick;
    this.outages = outages;
    this.name = name;
    this.streams = List.copyOf(streams);
    this.processor = processor;
    this.ops = ops;
    this.connections = connections;
    this.settings = ops.settings();
    this.consumer = Consumer.from(settings.group(), settings.consumerName());
    this.permits = new Semaphore(concurrency);
    this.limit = concurrency;
    this.acks =
        new GroupCommit<>(
            "acknowledgements",
            MAX_ACKS,
            this::ackAll,
            e -> ops.ackAndDelete(e.stream(), e.id()).thenReturn(e));
  }

  /**
   * At most {@code maxInFlight} handlers from now on, clamped to 0 .. the configured concurrency;
   * the rest waits in the stream. Handlers already running finish, the limit takes hold as they do.
   * 0 pauses the worker: it reads and reclaims nothing until the limit is raised again. The server
   * lowers it while webhooks arrive fast, so that acknowledging them comes first.
   */
  public void limit(int maxInFlight) {
    limit = Math.max(0, Math.min(concurrency, maxInFlight));
  }

  /** The current limit on handlers running at once. */
  public int limit() {
    return limit;
  }

  /** What this worker drains, e.g. {@code inbound} or {@code outbound:wecom}. */
  public String name() {
    return name;
  }

  /** The stream keys, first preferred. */
  public List<String> streams() {
    return streams;
  }

  public boolean isRunning() {
    return running;
  }

  /** True while reading is paused because a store the handlers need does not answer. */
  public boolean isPausedForOutage() {
    return inOutage;
  }

  /** Entries whose handler is running now. */
  public int inFlight() {
    return inFlight.size();
  }

  /**
   * Starts reading on a thread of its own. Returns at once; if Redis is down, the worker keeps
   * trying with a growing pause (up to 5 s).
   *
   * @throws IllegalStateException when started before
   */
  public void start() {
    if (!state.compareAndSet(NEW, RUNNING)) {
      throw new IllegalStateException("worker " + name + " was started before");
    }
    running = true;
    Thread t = new Thread(this::runLoop, "salesbot-stream-" + name);
    t.setDaemon(true);
    loop = t;
    t.start();
  }

  /**
   * Stops reading, waits up to {@code drainTimeout} for the handlers in flight, then returns.
   * Handlers still running then are cancelled; their entries stay pending and are reclaimed by
   * another worker after {@code reclaimIdle}. Stopping twice, or a worker never started, is fine.
   */
  public void stop(Duration drainTimeout) {
    int previous = state.getAndSet(STOPPED);
    if (previous != RUNNING) {
      return;
    }
    running = false;
    Thread t = loop;
    if (t != null) {
      try {
        t.join(settings.blockTimeout().plus(settings.commandTimeout().multipliedBy(3)).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int all = concurrency;
    boolean drained = acquireAll(all, drainTimeout);
    if (!drained) {
      LOG.log(
          Level.WARNING,
          () ->
              "worker "
                  + name
                  + ": "
                  + inFlight.size()
                  + " handler(s) still running after "
                  + drainTimeout
                  + "; cancelling them, their entries will be reclaimed");
      kill.tryEmitValue(Boolean.TRUE);
      acquireAll(all, settings.commandTimeout());
    } else {
      kill.tryEmitValue(Boolean.TRUE);
      for (String stream : streams) {
        try {
          ops.deleteConsumerIfIdle(stream).block(settings.commandTimeout().multipliedBy(2));
        } catch (RuntimeException e) {
          // a consumer left behind is harmless
        }
      }
    }
    Connections.Dedicated r = reader;
    if (r != null && (t == null || !t.isAlive())) {
      reader = null;
      connections.release(r);
    }
  }

  private boolean acquireAll(int count, Duration timeout) {
    try {
      if (permits.tryAcquire(count, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        permits.release(count);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void runLoop() {
    boolean groupsReady = false;
    long backoffMs = 0;
    long nextReclaim = System.nanoTime();
    long nextTick = System.nanoTime();
    while (running) {
      try {
        if (!groupsReady) {
          for (String stream : streams) {
            ops.ensureGroup(stream).block(settings.commandTimeout().multipliedBy(2));
          }
          groupsReady = true;
        }
        if (reader == null) {
          reader = connections.openDedicated();
        }
        if (inOutage && !outageOver()) {
          continue;
        }
        if (System.nanoTime() - nextReclaim >= 0) {
          reclaim();
          nextReclaim = System.nanoTime() + settings.reclaimInterval().toNanos();
        }
        if (tick != null && System.nanoTime() - nextTick >= 0) {
          runTick(tick);
          nextTick = System.nanoTime() + settings.blockTimeout().toNanos();
        }
        applyLimit();
        int free = awaitFreePermits();
        applyLimit();
        free = Math.min(free, permits.availablePermits());
        if (free > 0 && running) {
          for (StreamMessage<String, String> m : read(free)) {
            dispatch(m.getStream(), m.getId(), m.getBody(), 1);
          }
        }
        backoffMs = 0;
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        if (StreamOps.isNoGroup(e)) {
          groupsReady = false;
        }
        backoffMs = backoffMs == 0 ? 100 : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        long pause = backoffMs;
        LOG.log(
            Level.WARNING,
            () -> "worker " + name + ": " + describe(e) + "; trying again in " + pause + " ms");
        pauseWhileRunning(pause);
      }
    }
    permits.release(held);
    held = 0;
  }

  /** Holds back the permits above {@link #limit}, or gives back those no longer above it. */
  private void applyLimit() {
    int above = concurrency - limit;
    while (held < above && permits.tryAcquire()) {
      held++;
    }
    if (held > above) {
      permits.release(held - above);
      held = above;
    }
  }

  private void runTick(Supplier<Mono<?>> t) {
    try {
      t.get().block(settings.commandTimeout().multipliedBy(2));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "worker " + name + ": periodic task failed: " + describe(e));
    }
  }

  /** Waits up to {@code blockTimeout} for a free handler slot; the number free, or 0. */
  private int awaitFreePermits() {
    try {
      if (permits.tryAcquire(settings.blockTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        permits.release();
        return permits.availablePermits();
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Reads at most {@code free} entries, the first stream first. */
  @SuppressWarnings("unchecked")
  private List<StreamMessage<String, String>> read(int free) {
    Connections.Dedicated r = reader;
    if (r == null) {
      return List.of();
    }
    int count = Math.min(free, settings.readBatch());
    Duration wait = settings.commandTimeout();
    if (streams.size() > 1) {
      List<StreamMessage<String, String>> first =
          r.reactive()
              .xreadgroup(
                  consumer,
                  XReadArgs.Builder.count(count),
                  StreamOffset.lastConsumed(streams.get(0)))
              .collectList()
              .block(wait);
      if (first != null && !first.isEmpty()) {
        return first;
      }
    }
    // COUNT applies per stream: ask each for a share, so that the total fits the free slots.
    List<String> toBlockOn = streams;
    int perStream = count / streams.size();
    if (perStream == 0) {
      toBlockOn = List.of(streams.get(streams.size() - 1));
      perStream = count;
    }
    StreamOffset<String>[] offsets =
        toBlockOn.stream().map(StreamOffset::lastConsumed).toArray(StreamOffset[]::new);
    List<StreamMessage<String, String>> entries =
        r.reactive()
            .xreadgroup(
                consumer, new XReadArgs().count(perStream).block(settings.blockTimeout()), offsets)
            .collectList()
            .block(settings.blockTimeout().plus(wait));
    return entries == null ? List.of() : entries;
  }

  private void reclaim() {
    for (String stream : streams) {
      String cursor = cursors.getOrDefault(stream, "0-0");
      for (int round = 0; round < RECLAIM_ROUNDS && running; round++) {
        int free = permits.availablePermits();
        if (free == 0) {
          break;
        }
        ClaimedMessages<String, String> claimed =
            ops.autoClaim(stream, cursor, Math.min(free, settings.readBatch()))
                .block(settings.commandTimeout().multipliedBy(2));
        if (claimed == null) {
          break;
        }
        for (StreamMessage<String, String> m : claimed.getMessages()) {
          try {
            takeOver(stream, m);
          } catch (RuntimeException e) {
            // one entry that cannot be moved must not hold up the others
            LOG.log(
                Level.WARNING,
                () ->
                    "worker "
                        + name
                        + ": could not take over "
                        + stream
                        + " "
                        + m.getId()
                        + ": "
                        + describe(e));
          }
        }
        cursor = claimed.getId();
        if ("0-0".equals(cursor)) {
          break;
        }
      }
      cursors.put(stream, cursor);
    }
  }

  /** An entry just claimed from the group's pending list: retry it or dead-letter it. */
  private void takeOver(String stream, StreamMessage<String, String> m) {
    String id = m.getId();
    String key = key(stream, id);
    if (inFlight.contains(key)) {
      return; // still being handled here; the claim only reset its idle time
    }
    Map<String, String> body = m.getBody();
    if (body == null || body.isEmpty()) {
      // Deleted from the stream while pending (Redis 6.2 still lists such ids): nothing to do.
      ops.ack(stream, id).block(settings.commandTimeout().multipliedBy(2));
      return;
    }
    Long deliveries = ops.deliveries(stream, id).block(settings.commandTimeout().multipliedBy(2));
    if (deliveries == null) {
      return; // acknowledged meanwhile
    }
    if (deliveries > settings.maxDeliveries()) {
      String error;
      synchronized (lastErrors) {
        error = lastErrors.remove(key);
      }
      if (error == null) {
        error = "exceeded " + settings.maxDeliveries() + " deliveries";
      }
      String reason = error;
      Boolean moved =
          ops.deadLetter(stream, id, body, error, deliveries - 1)
              .block(settings.commandTimeout().multipliedBy(2));
      if (Boolean.TRUE.equals(moved)) {
        LOG.log(
            Level.WARNING,
            () ->
                "worker "
                    + name
                    + ": "
                    + stream
                    + " "
                    + id
                    + " delivered "
                    + (deliveries - 1)
                    + " times without success, moved to the dead letters: "
                    + reason);
      }
      return;
    }
    LOG.log(
        Level.DEBUG,
        () -> "worker " + name + ": retrying " + stream + " " + id + ", delivery " + deliveries);
    dispatch(stream, id, body, deliveries);
  }

  /** Runs the handler for one entry without waiting for it. Called on the loop thread only. */
  private void dispatch(String stream, String id, Map<String, String> body, long deliveries) {
    String key = key(stream, id);
    if (!inFlight.add(key)) {
      return;
    }
    permits.acquireUninterruptibly();
    Mono.defer(() -> processor.process(body))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(settings.handlerTimeout())
        .then(
            Mono.defer(
                () ->
                    acks.submit(new Entry(stream, id))
                        .then()
                        .doOnSuccess(v -> forgetError(key))
                        .onErrorResume(
                            e -> {
                              LOG.log(
                                  Level.WARNING,
                                  () ->
                                      "worker "
                                          + name
                                          + ": handled "
                                          + stream
                                          + " "
                                          + id
                                          + " but could not acknowledge it ("
                                          + describe(e)
                                          + "); it will be delivered again");
                              return Mono.empty();
                            })))
        .onErrorResume(e -> failed(stream, id, body, deliveries, e))
        .takeUntilOther(kill.asMono())
        .doFinally(
            signal -> {
              inFlight.remove(key);
              permits.release();
            })
        .subscribe(
            null,
            e ->
                LOG.log(
                    Level.ERROR, () -> "worker " + name + ": unexpected failure: " + describe(e)));
  }

  private Mono<List<Entry>> ackAll(List<Entry> batch) {
    Map<String, List<String>> byStream = new LinkedHashMap<>();
    for (Entry e : batch) {
      byStream.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e.id());
    }
    return Flux.fromIterable(byStream.entrySet())
        .concatMap(e -> ops.ackAndDeleteAll(e.getKey(), e.getValue()))
        .then(Mono.just(batch));
  }

  private Mono<Void> failed(
      String stream, String id, Map<String, String> body, long deliveries, Throwable e) {
    if (outages.isOutage(e)) {
      return outage(stream, id, deliveries, e);
    }
    if (e instanceof TimeoutException) {
      // A hanging database looks like a slow handler: ask whether the stores answer.
      return available()
          .flatMap(
              up ->
                  up
                      ? handlerFailed(stream, id, body, deliveries, e)
                      : outage(stream, id, deliveries, e));
    }
    return handlerFailed(stream, id, body, deliveries, e);
  }

  /** The stores answer, within {@code commandTimeout}; false on error or silence. */
  private Mono<Boolean> available() {
    return Mono.defer(outages::available)
        .timeout(settings.commandTimeout())
        .onErrorReturn(false)
        .defaultIfEmpty(false);
  }

  /**
   * The handler met an outage: give the delivery back (and make the entry reclaimable once the
   * pause is over) and pause reading.
   */
  private Mono<Void> outage(String stream, String id, long deliveries, Throwable e) {
    long pauseMs = enterOutage(e);
    Duration idle = settings.reclaimIdle().minusMillis(pauseMs);
    return ops.giveBack(stream, id, deliveries - 1, idle.isNegative() ? Duration.ZERO : idle)
        .onErrorResume(
            e2 -> {
              LOG.log(
                  Level.WARNING,
                  () ->
                      "worker "
                          + name
                          + ": could not give back the delivery of "
                          + stream
                          + " "
                          + id
                          + " ("
                          + describe(e2)
                          + "); it counts");
              return Mono.empty();
            });
  }

  /** Starts (or keeps) the pause; how long it lasts from now, in ms. */
  private long enterOutage(Throwable e) {
    boolean first;
    long pause;
    synchronized (outageLock) {
      first = !inOutage;
      if (first) {
        outageBackoffMs = 200;
        inOutage = true;
      }
      pause = outageBackoffMs;
      pausedUntil = Math.max(pausedUntil, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause));
    }
    if (first) {
      LOG.log(
          Level.WARNING,
          () ->
              "worker "
                  + name
                  + ": a store the handlers need is unavailable ("
                  + describe(e)
                  + "); pausing reads until it answers, entries keep their deliveries");
    }
    return pause;
  }

  /**
   * On the loop thread while paused: true once the pause is over and the stores answer (reading
   * resumes), false after waiting a little (the caller loops).
   */
  private boolean outageOver() {
    long wait = TimeUnit.NANOSECONDS.toMillis(pausedUntil - System.nanoTime());
    if (wait > 0) {
      pauseWhileRunning(Math.min(wait, 100));
      return false;
    }
    Boolean up = available().block(settings.commandTimeout().multipliedBy(2));
    synchronized (outageLock) {
      if (!Boolean.TRUE.equals(up)) {
        outageBackoffMs = Math.min(outageBackoffMs * 2, MAX_BACKOFF_MS);
        pausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(outageBackoffMs);
        return false;
      }
      inOutage = false;
      outageBackoffMs = 0;
    }
    LOG.log(Level.INFO, () -> "worker " + name + ": the stores answer again; reading resumes");
    return true;
  }

  private Mono<Void> handlerFailed(
      String stream, String id, Map<String, String> body, long deliveries, Throwable e) {
    String key = key(stream, id);
    String error = describe(e);
    boolean undecodable = e instanceof UndecodableEntryException;
    if (undecodable || deliveries >= settings.maxDeliveries()) {
      forgetError(key);
      return ops.deadLetter(stream, id, body, error, deliveries)
          .doOnNext(
              moved -> {
                if (moved) {
                  LOG.log(
                      Level.WARNING,
                      () ->
                          "worker "
                              + name
                              + ": "
                              + stream
                              + " "
                              + id
                              + (undecodable
                                  ? " cannot be decoded"
                                  : " failed its last allowed delivery (" + deliveries + ")")
                              + ", moved to the dead letters: "
                              + error);
                }
              })
          .then()
          .onErrorResume(
              e2 -> {
                synchronized (lastErrors) {
                  lastErrors.put(key, error);
                }
                LOG.log(
                    Level.WARNING,
                    () ->
                        "worker "
                            + name
                            + ": could not dead-letter "
                            + stream
                            + " "
                            + id
                            + " ("
                            + describe(e2)
                            + "); it stays pending");
                return Mono.empty();
              });
    }
    synchronized (lastErrors) {
      lastErrors.put(key, error);
    }
    LOG.log(
        Level.WARNING,
        () ->
            "worker "
                + name
                + ": handler failed for "
                + stream
                + " "
                + id
                + " (delivery "
                + deliveries
                + " of at most "
                + settings.maxDeliveries()
                + "): "
                + error
                + "; retried after "
                + settings.reclaimIdle());
    return Mono.empty();
  }

  private void forgetError(String key) {
    synchronized (lastErrors) {
      lastErrors.remove(key);
    }
  }

  private String describe(Throwable e) {
    if (e instanceof TimeoutException) {
      return "handler did not finish within " + settings.handlerTimeout();
    }
    StringBuilder sb = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
      if (depth > 0) {
        sb.append(" (caused by ");
      }
      sb.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        sb.append(": ").append(t.getMessage());
      }
      if (depth > 0) {
        sb.append(')');
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return PhoneNumbers.maskAll(sb.toString());
  }

  private void pauseWhileRunning(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running && System.nanoTime() - until < 0) {
      try {
        Thread.sleep(Math.min(50, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String key(String stream, String id) {
    return stream + " " + id;
  }

  @Override
  public String toString() {
    return "StreamWorker[" + name + " " + streams + " as " + settings.consumerName() + "]";
  }
}
