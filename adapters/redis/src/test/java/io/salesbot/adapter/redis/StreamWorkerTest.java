package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.models.stream.PendingMessage;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.platform.domain.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class StreamWorkerTest extends RedisTestBase {
  static final String HOT = "salesbot:in:hot";
  static final String NORMAL = "salesbot:in:normal";

  @Test
  void hotLaneIsDrainedBeforeTheNormalLane() {
    RedisAdapter adapter = adapter(builder("a").inboundConcurrency(1).build());
    for (int i = 0; i < 5; i++) {
      adapter.inboundQueue().enqueue(lead("normal-" + i, Priority.NORMAL)).block();
    }
    for (int i = 0; i < 5; i++) {
      adapter.inboundQueue().enqueue(lead("hot-" + i, Priority.HOT)).block();
    }
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.inboundWorker(e -> Mono.fromRunnable(() -> order.add(e.eventId())));

    worker.start();

    eventually("all handled", () -> order.size() == 10);
    assertThat(order.subList(0, 5)).containsExactly("hot-0", "hot-1", "hot-2", "hot-3", "hot-4");
    assertThat(order.subList(5, 10))
        .containsExactly("normal-0", "normal-1", "normal-2", "normal-3", "normal-4");
  }

  @Test
  void aLimitKeepsFewerHandlersRunningUntilItIsLifted() throws InterruptedException {
    RedisAdapter adapter =
        adapter(
            builder("a")
                .inboundConcurrency(8)
                .handlerTimeout(Duration.ofSeconds(10))
                .reclaimIdle(Duration.ofSeconds(20))
                .build());
    for (int i = 0; i < 12; i++) {
      adapter.inboundQueue().enqueue(cardAction("limited-" + i)).block();
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    StreamWorker worker =
        adapter.inboundWorker(
            e ->
                Mono.fromRunnable(
                        () -> {
                          most.accumulateAndGet(running.incrementAndGet(), Math::max);
                          try {
                            release.await(10, TimeUnit.SECONDS);
                          } catch (InterruptedException x) {
                            Thread.currentThread().interrupt();
                          }
                          running.decrementAndGet();
                          done.incrementAndGet();
                        })
                    .then());
    worker.limit(2);
    assertThat(worker.limit()).isEqualTo(2);

    worker.start();
    eventually("two handlers running", () -> running.get() == 2);
    Thread.sleep(500); // several read rounds of the loop: none may start a third
    assertThat(most.get()).isEqualTo(2);

    worker.limit(100); // clamped to the concurrency
    assertThat(worker.limit()).isEqualTo(8);
    eventually("eight handlers running", () -> running.get() == 8);
    release.countDown();
    eventually("all handled", () -> done.get() == 12);
    assertThat(most.get()).isEqualTo(8);
  }

  @Test
  void aLimitOfZeroPausesTheWorkerUntilItIsRaised() {
    RedisStreamSettings settings = builder("a").build();
    adapter(settings).inboundQueue().enqueue(cardAction("while-paused")).block();
    Connections connections = new Connections(client);
    StreamOps ops = new StreamOps(connections, settings, new Keys(settings.keyPrefix()));
    AtomicInteger ticks = new AtomicInteger();
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        new StreamWorker(
            "paused",
            List.of(HOT),
            fields -> Mono.fromRunnable(() -> handled.add(fields.get("eventId"))),
            ops,
            connections,
            () -> Mono.fromRunnable(ticks::incrementAndGet),
            Outages.NONE,
            4);
    try {
      worker.limit(0);
      assertThat(worker.limit()).isZero();
      worker.start();

      // Each round of the loop ticks before it reads: at the third tick two whole rounds have
      // passed with the entry waiting in the stream.
      eventually("three rounds of the loop", () -> ticks.get() >= 3);
      assertThat(handled).isEmpty();
      assertThat(pending(HOT)).as("not even read").isZero();

      worker.limit(1);
      eventually("handled once the limit is raised", () -> handled.contains("while-paused"));
    } finally {
      worker.stop(Duration.ofSeconds(1));
      connections.close();
    }
  }

  @Test
  void theInboundWorkerRunsTheInboundConcurrencyAndOutboxSendersTheirOwn() {
    RedisAdapter adapter = adapter(builder("a").concurrency(3).inboundConcurrency(40).build());
    StreamWorker inbound = adapter.inboundWorker(e -> Mono.empty());
    StreamWorker outbound = adapter.outboundWorker("sandbox", c -> Mono.empty());

    inbound.limit(1_000);
    outbound.limit(1_000);

    assertThat(inbound.limit()).isEqualTo(40);
    assertThat(outbound.limit()).isEqualTo(3);
  }

  @Test
  void aHandledEntryIsAcknowledgedAndDeleted() {
    RedisAdapter adapter = adapter("a");
    InboundEvent event = lead("intake-1", Priority.HOT);
    adapter.inboundQueue().enqueue(event).block();
    List<InboundEvent> handled = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker = adapter.inboundWorker(e -> Mono.fromRunnable(() -> handled.add(e)));

    worker.start();

    eventually("handled", () -> handled.size() == 1);
    assertThat(handled).containsExactly(event);
    eventually("acknowledged", () -> pending(HOT) == 0 && redis.xlen(HOT) == 0);
  }

  @Test
  void aFailedEntryIsRetriedAfterReclaimAndAcknowledgedOnceItSucceeds() {
    RedisAdapter adapter = adapter("a");
    adapter.inboundQueue().enqueue(text("t-1")).block();
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger successes = new AtomicInteger();
    StreamWorker worker =
        adapter.inboundWorker(
            e ->
                attempts.incrementAndGet() == 1
                    ? Mono.error(new IllegalStateException("database down"))
                    : Mono.fromRunnable(successes::incrementAndGet));

    worker.start();

    eventually("retried and handled", () -> successes.get() == 1);
    eventually("acknowledged", () -> pending(HOT) == 0 && redis.xlen(HOT) == 0);
    assertThat(attempts).hasValue(2);
    assertThat(adapter.deadLetters().list(10).collectList().block()).isEmpty();
  }

  @Test
  void entriesOfAConsumerKilledMidEntryAreReclaimedByAnother() throws InterruptedException {
    RedisAdapter first = adapter("worker-a");
    first.inboundQueue().enqueue(lead("intake-1", Priority.HOT)).block();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean abandoned = new AtomicBoolean();
    StreamWorker a =
        first.inboundWorker(
            e ->
                Mono.<Void>never()
                    .doOnSubscribe(s -> started.countDown())
                    .doOnCancel(() -> abandoned.set(true)));
    a.start();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    a.stop(Duration.ofMillis(20)); // dies without acknowledging

    assertThat(abandoned).isTrue();
    List<PendingMessage> owned =
        redis.xpending(HOT, "salesbot", Range.create("-", "+"), Limit.from(10));
    assertThat(owned).singleElement().extracting(PendingMessage::getConsumer).isEqualTo("worker-a");

    RedisAdapter second = adapter("worker-b");
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    StreamWorker b =
        second.inboundWorker(
            e -> Mono.fromRunnable(() -> handled.merge(e.eventId(), 1, Integer::sum)));
    b.start();

    eventually("reclaimed and handled by b", () -> handled.containsKey("intake-1"));
    eventually("acknowledged", () -> pending(HOT) == 0 && redis.xlen(HOT) == 0);
    Thread.sleep(500); // no second processing shows up
    assertThat(handled).containsExactly(Map.entry("intake-1", 1));
  }

  @Test
  void severalWorkersProcessEveryEntryExactlyOnce() {
    RedisAdapter producer = adapter("producer");
    InboundQueue queue = producer.inboundQueue();
    Flux.range(0, 300)
        .flatMap(
            i ->
                queue.enqueue(
                    i % 3 == 0
                        ? lead("lead-" + i, Priority.NORMAL)
                        : lead("lead-" + i, Priority.HOT)),
            16)
        .blockLast(Duration.ofSeconds(10));
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    List<StreamWorker> workers = new ArrayList<>();
    for (String name : List.of("w1", "w2", "w3")) {
      workers.add(
          adapter(builder(name).inboundConcurrency(8).build())
              .inboundWorker(
                  e ->
                      Mono.delay(Duration.ofMillis(2))
                          .then(
                              Mono.fromRunnable(
                                  () ->
                                      handled
                                          .computeIfAbsent(e.eventId(), k -> new AtomicInteger())
                                          .incrementAndGet()))));
    }

    workers.forEach(StreamWorker::start);

    eventually(Duration.ofSeconds(15), "all handled", () -> handled.size() == 300);
    eventually(
        "all acknowledged",
        () -> pending(HOT) + pending(NORMAL) == 0 && redis.xlen(HOT) + redis.xlen(NORMAL) == 0);
    assertThat(handled.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void afterMaxDeliveriesTheEntryIsDeadLetteredWithItsErrorAndReplayWorks() {
    RedisAdapter adapter = adapter("a");
    InboundEvent event = lead("intake-9", Priority.NORMAL);
    adapter.inboundQueue().enqueue(event).block();
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    List<InboundEvent> handled = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.inboundWorker(
            e -> {
              if (failing.get()) {
                attempts.incrementAndGet();
                return Mono.error(new IllegalArgumentException("rejected lead 13812345678"));
              }
              return Mono.fromRunnable(() -> handled.add(e));
            });

    worker.start();

    eventually(
        "dead-lettered", () -> !adapter.deadLetters().list(10).collectList().block().isEmpty());
    DeadLetter dead = adapter.deadLetters().list(10).blockFirst();
    assertThat(dead.stream()).isEqualTo(NORMAL);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.error()).contains("rejected lead 138****5678").doesNotContain("13812345678");
    assertThat(dead.fields()).isEqualTo(InboundEventCodec.encode(event));
    assertThat(attempts).hasValue(3);
    assertThat(pending(NORMAL)).isZero();
    assertThat(redis.xlen(NORMAL)).isZero();

    failing.set(false);
    assertThat(adapter.deadLetters().replay(dead.id()).block()).isTrue();

    eventually("replayed and handled", () -> handled.size() == 1);
    assertThat(handled).containsExactly(event);
    eventually("acknowledged", () -> pending(NORMAL) == 0 && redis.xlen(NORMAL) == 0);
    assertThat(adapter.deadLetters().list(10).collectList().block()).isEmpty();
    assertThat(adapter.deadLetters().replay(dead.id()).block()).isFalse();
  }

  @Test
  void entriesDeliveredTooOftenByCrashedConsumersAreDeadLetteredOnReclaim()
      throws InterruptedException {
    RedisAdapter adapter = adapter("a");
    adapter.inboundQueue().enqueue(text("t-crash")).block();
    redis.xgroupCreate(
        io.lettuce.core.XReadArgs.StreamOffset.from(HOT, "0-0"),
        "salesbot",
        io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true));
    // three consumers took the entry and died with it
    String id =
        redis
            .xreadgroup(
                io.lettuce.core.Consumer.from("salesbot", "ghost-1"),
                io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(HOT))
            .get(0)
            .getId();
    redis.xclaim(HOT, io.lettuce.core.Consumer.from("salesbot", "ghost-2"), 0, id);
    redis.xclaim(HOT, io.lettuce.core.Consumer.from("salesbot", "ghost-3"), 0, id);
    Thread.sleep(350);
    AtomicInteger handled = new AtomicInteger();
    StreamWorker worker = adapter.inboundWorker(e -> Mono.fromRunnable(handled::incrementAndGet));

    worker.start();

    eventually(
        "dead-lettered", () -> !adapter.deadLetters().list(10).collectList().block().isEmpty());
    DeadLetter dead = adapter.deadLetters().list(1).blockFirst();
    assertThat(dead.error()).isEqualTo("exceeded 3 deliveries");
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.fields()).containsEntry("eventId", "t-crash");
    assertThat(handled).hasValue(0);
    assertThat(pending(HOT)).isZero();
    assertThat(redis.xlen(HOT)).isZero();
  }

  @Test
  void aPendingEntryDeletedBehindTheGroupsBackDoesNotBlockReclaim() throws InterruptedException {
    RedisAdapter adapter = adapter("a");
    redis.xgroupCreate(
        io.lettuce.core.XReadArgs.StreamOffset.from(HOT, "0-0"),
        "salesbot",
        io.lettuce.core.XGroupCreateArgs.Builder.mkstream(true));
    adapter.inboundQueue().enqueue(text("t-gone")).block();
    adapter.inboundQueue().enqueue(text("t-kept")).block();
    List<io.lettuce.core.StreamMessage<String, String>> taken =
        redis.xreadgroup(
            io.lettuce.core.Consumer.from("salesbot", "ghost"),
            io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(HOT));
    redis.xdel(HOT, taken.get(0).getId()); // gone from the stream, still in the pending list
    Thread.sleep(350);
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.inboundWorker(e -> Mono.fromRunnable(() -> handled.add(e.eventId())));

    worker.start();

    eventually("the other entry is reclaimed and handled", () -> handled.contains("t-kept"));
    assertThat(handled).containsExactly("t-kept");
    // Redis 6.2 keeps the deleted id in the pending list (7.0 drops it on XAUTOCLAIM); Lettuce
    // leaves such nil entries out, so the adapter never sees it: one stale pending entry.
    eventually("only the deleted id is left pending", () -> pending(HOT) <= 1);
  }

  @Test
  void aHandlerThatHangsIsTimedOutRetriedAndFinallyDeadLettered() {
    RedisAdapter adapter = adapter("a");
    adapter.inboundQueue().enqueue(text("t-hang")).block();
    AtomicInteger attempts = new AtomicInteger();
    StreamWorker worker =
        adapter.inboundWorker(
            e -> Mono.<Void>never().doOnSubscribe(s -> attempts.incrementAndGet()));

    worker.start();

    eventually(
        "dead-lettered", () -> !adapter.deadLetters().list(10).collectList().block().isEmpty());
    DeadLetter dead = adapter.deadLetters().list(1).blockFirst();
    assertThat(dead.error()).contains("did not finish within");
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(attempts).hasValue(3);
    assertThat(pending(HOT)).isZero();
  }

  @Test
  void anInboundEntryThatCannotBeDecodedGoesStraightToTheDeadLetters() {
    RedisAdapter adapter = adapter("a");
    redis.xadd(
        HOT,
        Map.of("eventId", "x-1", "type", "from-the-future", "receivedAt", "2025-01-01T00:00:00Z"));
    adapter.inboundQueue().enqueue(unsupported("u-1")).block();
    List<InboundEvent> handled = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker = adapter.inboundWorker(e -> Mono.fromRunnable(() -> handled.add(e)));

    worker.start();

    eventually("the genuine unsupported event is handled", () -> handled.size() == 1);
    assertThat(handled).containsExactly(unsupported("u-1"));
    eventually(
        "dead-lettered", () -> adapter.deadLetters().list(10).collectList().block().size() == 1);
    DeadLetter dead = adapter.deadLetters().list(1).blockFirst();
    assertThat(dead.error()).contains("from-the-future");
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.fields()).containsEntry("eventId", "x-1");
    eventually("nothing left", () -> pending(HOT) == 0 && redis.xlen(HOT) == 0);
  }

  @Test
  void stopWaitsForHandlersInFlight() {
    RedisAdapter adapter =
        adapter(
            builder("a")
                .reclaimIdle(Duration.ofSeconds(5))
                .handlerTimeout(Duration.ofSeconds(4))
                .build());
    for (int i = 0; i < 5; i++) {
      adapter.inboundQueue().enqueue(cardAction("action-" + i)).block();
    }
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    StreamWorker worker =
        adapter.inboundWorker(
            e ->
                Mono.fromRunnable(started::incrementAndGet)
                    .then(Mono.delay(Duration.ofMillis(300)))
                    .then(Mono.fromRunnable(finished::incrementAndGet)));
    worker.start();
    eventually("all started", () -> started.get() == 5);

    worker.stop(Duration.ofSeconds(3));

    assertThat(finished).hasValue(5);
    assertThat(worker.inFlight()).isZero();
    assertThat(worker.isRunning()).isFalse();
    assertThat(pending(HOT)).isZero();
    assertThat(redis.xlen(HOT)).isZero();
    // a cleanly stopped consumer leaves the group
    assertThat(redis.xinfoConsumers(HOT, "salesbot")).isEmpty();
  }

  @Test
  void aStoppedWorkerReadsNoMore() throws InterruptedException {
    RedisAdapter adapter = adapter("a");
    AtomicInteger handled = new AtomicInteger();
    StreamWorker worker = adapter.inboundWorker(e -> Mono.fromRunnable(handled::incrementAndGet));
    worker.start();
    adapter.inboundQueue().enqueue(text("before")).block();
    eventually("handled", () -> handled.get() == 1);

    worker.stop(Duration.ofSeconds(1));
    adapter.inboundQueue().enqueue(text("after")).block();
    Thread.sleep(300);

    assertThat(handled).hasValue(1);
    assertThat(redis.xlen(HOT)).isEqualTo(1);
  }

  /** Stands for the database: down while {@code down} is set; counts how often it was asked. */
  static final class Database implements Outages {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger probes = new AtomicInteger();

    @Override
    public boolean isOutage(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t instanceof java.net.ConnectException) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Mono<Boolean> available() {
      return Mono.fromSupplier(
          () -> {
            probes.incrementAndGet();
            return !down.get();
          });
    }
  }

  @Test
  void anOutageLongerThanAllDeliveriesStrandsNothingAndPausesReading() {
    RedisAdapter adapter = adapter("a");
    Database db = new Database();
    db.down.set(true);
    for (int i = 0; i < 5; i++) {
      adapter.inboundQueue().enqueue(lead("outage-" + i, Priority.NORMAL)).block();
    }
    adapter.inboundQueue().enqueue(text("t-outage")).block();
    AtomicInteger attempts = new AtomicInteger();
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    StreamWorker worker =
        adapter.inboundWorker(
            e -> {
              attempts.incrementAndGet();
              if (db.down.get()) {
                return Mono.error(
                    new IllegalStateException(
                        "write failed", new java.net.ConnectException("Connection refused")));
              }
              return Mono.fromRunnable(() -> handled.merge(e.eventId(), 1, Integer::sum));
            },
            db);

    worker.start();

    eventually("paused", worker::isPausedForOutage);
    // Probes back off 200, 400, 800, 1600 ms: five of them span more than 3 deliveries x 300 ms.
    eventually(Duration.ofSeconds(15), "outage outlasts the old limit", () -> db.probes.get() >= 5);
    int attemptsWhilePaused = attempts.get();
    assertThat(attemptsWhilePaused).isLessThanOrEqualTo(5 * 2); // reading paused: no retry storm
    assertThat(adapter.deadLetters().list(10).collectList().block()).isEmpty();
    assertThat(
            redis.xpending(NORMAL, "salesbot", Range.create("-", "+"), Limit.from(10)).stream()
                .mapToLong(PendingMessage::getRedeliveryCount))
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));

    db.down.set(false);

    eventually(Duration.ofSeconds(10), "all handled after the outage", () -> handled.size() == 6);
    eventually("acknowledged", () -> pending(HOT) + pending(NORMAL) == 0);
    assertThat(handled.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    assertThat(adapter.deadLetters().list(10).collectList().block()).isEmpty();
    assertThat(worker.isPausedForOutage()).isFalse();
  }

  @Test
  void aHandlerTimingOutWhileTheDatabaseHangsSpendsNoDelivery() {
    RedisAdapter adapter = adapter("a");
    Database db = new Database();
    db.down.set(true);
    adapter.inboundQueue().enqueue(text("t-frozen")).block();
    AtomicInteger handled = new AtomicInteger();
    StreamWorker worker =
        adapter.inboundWorker(
            e -> db.down.get() ? Mono.never() : Mono.fromRunnable(handled::incrementAndGet), db);

    worker.start();

    eventually(Duration.ofSeconds(15), "frozen past the old limit", () -> db.probes.get() >= 5);
    assertThat(adapter.deadLetters().list(10).collectList().block()).isEmpty();
    db.down.set(false);
    eventually(
        Duration.ofSeconds(10), "handled once the database answers", () -> handled.get() == 1);
    eventually("acknowledged", () -> pending(HOT) == 0);
    assertThat(adapter.deadLetters().list(10).collectList().block()).isEmpty();
  }

  @Test
  void anEntryWhoseHandlerFailsOnItsOwnIsStillDeadLetteredWhileOthersAreHandled() {
    RedisAdapter adapter = adapter("a");
    Database db = new Database();
    adapter.inboundQueue().enqueue(text("t-bad")).block();
    adapter.inboundQueue().enqueue(text("t-good")).block();
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.inboundWorker(
            e ->
                e.eventId().equals("t-bad")
                    ? Mono.error(new IllegalArgumentException("no such team"))
                    : Mono.fromRunnable(() -> handled.add(e.eventId())),
            db);

    worker.start();

    eventually(
        "dead-lettered", () -> adapter.deadLetters().list(10).collectList().block().size() == 1);
    DeadLetter dead = adapter.deadLetters().list(1).blockFirst();
    assertThat(dead.fields()).containsEntry("eventId", "t-bad");
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.error()).contains("no such team");
    assertThat(handled).containsExactly("t-good");
  }
}
