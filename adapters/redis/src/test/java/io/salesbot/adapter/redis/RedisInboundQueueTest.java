package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.FallbackInboundQueue;
import io.salesbot.core.lead.FallbackInboundQueue.Taken;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.test.StepVerifier;

class RedisInboundQueueTest extends RedisTestBase {

  @Test
  void sameEventIdTwiceAppendsOnce() {
    InboundQueue queue = adapter("a").inboundQueue();

    StepVerifier.create(queue.enqueue(lead("intake-1", Priority.HOT)))
        .expectNext(true)
        .verifyComplete();
    StepVerifier.create(queue.enqueue(lead("intake-1", Priority.HOT)))
        .expectNext(false)
        .verifyComplete();

    assertThat(redis.xlen("salesbot:in:hot")).isEqualTo(1);
    assertThat(redis.ttl("salesbot:seen:intake-1"))
        .isBetween(Duration.ofDays(7).toSeconds() - 5, Duration.ofDays(7).toSeconds());
  }

  @Test
  void queueingDoesNotWaitBehindTheSharedConnection() {
    RedisAdapter adapter = adapter(builder("a").commandTimeout(Duration.ofSeconds(12)).build());
    // A command that holds the shared connection for 8 s (it blocks that socket, not the server).
    reactor.core.Disposable.Swap done = reactor.core.Disposables.swap();
    java.util.concurrent.atomic.AtomicBoolean sharedAnswered =
        new java.util.concurrent.atomic.AtomicBoolean();
    adapter.ops().command(r -> r.ping()).block(Duration.ofSeconds(5));
    done.update(
        adapter
            .ops()
            .command(r -> r.blpop(8, "salesbot:test:nothing").then(Mono.just(1)))
            .subscribe(v -> sharedAnswered.set(true), e -> sharedAnswered.set(true)));
    eventually("the shared connection is blocked", () -> redis.clientList().contains("cmd=blpop"));

    StepVerifier.create(adapter.inboundQueue().enqueue(cardAction("evt-while-busy")))
        .expectNext(true)
        .verifyComplete();

    assertThat(sharedAnswered).as("the blocked shared connection has not answered yet").isFalse();
    done.dispose();
  }

  @Test
  void saysItFailsWithinItsCommandTimeoutSoTheFallbackNeedsNoTimerOfItsOwn() {
    RedisAdapter adapter = adapter(builder("a").commandTimeout(Duration.ofMillis(1500)).build());

    assertThat(adapter.inboundQueue().answersWithin()).contains(Duration.ofMillis(1500));
  }

  @Test
  void racingDuplicatesAppendOnce() {
    InboundQueue queue = adapter("a").inboundQueue();

    List<Boolean> results =
        Flux.range(0, 50)
            .flatMap(i -> queue.enqueue(cardAction("evt-race")), 50)
            .collectList()
            .block(Duration.ofSeconds(5));

    assertThat(results).containsOnlyOnce(true).hasSize(50);
    assertThat(redis.xlen("salesbot:in:hot")).isEqualTo(1);
  }

  @Test
  void leadsGoToTheirPriorityLaneEverythingElseToHot() {
    InboundQueue queue = adapter("a").inboundQueue();
    List<InboundEvent> events =
        List.of(
            lead("hot-lead", Priority.HOT),
            lead("normal-lead", Priority.NORMAL),
            cardAction("action-1"),
            text("text-1"),
            unsupported("unsupported-1"));

    Flux.fromIterable(events).concatMap(queue::enqueue).blockLast(Duration.ofSeconds(5));

    assertThat(eventIds("salesbot:in:hot"))
        .containsExactly("hot-lead", "action-1", "text-1", "unsupported-1");
    assertThat(eventIds("salesbot:in:normal")).containsExactly("normal-lead");
  }

  @Test
  void entriesAreTheCodecsFieldsAndDecodeBack() {
    InboundQueue queue = adapter("a").inboundQueue();
    InboundEvent event = lead("intake-7", Priority.NORMAL);

    queue.enqueue(event).block(Duration.ofSeconds(2));

    StreamMessage<String, String> entry =
        redis.xrange("salesbot:in:normal", Range.create("-", "+")).get(0);
    assertThat(entry.getBody()).isEqualTo(InboundEventCodec.encode(event));
    assertThat(InboundEventCodec.decode(entry.getBody())).isEqualTo(event);
  }

  @Test
  void anEventIdIsNewAgainAfterTheDedupeWindow() {
    InboundQueue queue =
        adapter(builder("a").dedupeTtl(Duration.ofSeconds(1)).build()).inboundQueue();
    AtomicInteger appended = new AtomicInteger();

    if (Boolean.TRUE.equals(queue.enqueue(text("t-1")).block())) {
      appended.incrementAndGet();
    }
    redis.expire("salesbot:seen:t-1", 0); // as if the window had passed
    if (Boolean.TRUE.equals(queue.enqueue(text("t-1")).block())) {
      appended.incrementAndGet();
    }

    assertThat(appended).hasValue(2);
  }

  @Test
  void eventsHandedInWhileAScriptRunsGoInTheNextCallTogetherEachAnsweredOnItsOwn()
      throws Exception {
    InboundQueue queue = adapter("a").inboundQueue();
    queue.enqueue(text("warm-up")).block(Duration.ofSeconds(5)); // connects, loads the script
    redis.configResetstat();
    List<InboundEvent> events =
        List.of(
            lead("first", Priority.HOT),
            lead("hot-1", Priority.HOT),
            lead("normal-1", Priority.NORMAL),
            lead("hot-1", Priority.HOT), // the same intake id again, in the same batch
            cardAction("action-1"));

    List<Signal<Boolean>> answers = whileScriptsWait(queue, events);

    assertThat(answers).map(Signal::get).containsExactly(true, true, true, false, true);
    assertThat(scriptCalls()).as("the first alone, the other four in one call").isEqualTo(2);
    assertThat(eventIds("salesbot:in:hot"))
        .containsExactly("warm-up", "first", "hot-1", "action-1");
    assertThat(eventIds("salesbot:in:normal")).containsExactly("normal-1");
  }

  @Test
  void aBatchThatFailsHalfWayAnswersWhatItAppendedAsAppendedAndEachOtherOnItsOwn()
      throws Exception {
    InboundQueue queue = adapter("a").inboundQueue();
    queue.enqueue(text("warm-up")).block(Duration.ofSeconds(5));
    redis.set("salesbot:in:normal", "not a stream"); // XADD to the normal lane now fails
    List<InboundEvent> events =
        List.of(
            lead("first", Priority.HOT),
            lead("hot-1", Priority.HOT),
            lead("normal-1", Priority.NORMAL),
            lead("hot-2", Priority.HOT));

    List<Signal<Boolean>> answers = whileScriptsWait(queue, events);

    // The batch [hot-1, normal-1, hot-2] appended hot-1 and stopped at normal-1; tried again one
    // by one, hot-1 is recognised by its token (appended, not a duplicate) and hot-2 goes in.
    assertThat(answers.get(0).get()).isTrue();
    assertThat(answers.get(1).get()).isTrue();
    assertThat(answers.get(2).getThrowable())
        .isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageContaining("WRONGTYPE");
    assertThat(answers.get(3).get()).isTrue();
    assertThat(eventIds("salesbot:in:hot")).containsExactly("warm-up", "first", "hot-1", "hot-2");
  }

  @Test
  void whenRedisDoesNotAnswerABatchEveryEventOfItIsParkedAndNoneQueued() throws Exception {
    RedisAdapter adapter = adapter(builder("a").commandTimeout(Duration.ofMillis(300)).build());
    adapter.inboundQueue().enqueue(text("warm-up")).block(Duration.ofSeconds(5));
    InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
    FallbackInboundQueue queue =
        new FallbackInboundQueue(
            adapter.inboundQueue(), fallback, Duration.ofSeconds(2), Duration.ofSeconds(2));
    List<InboundEvent> events =
        List.of(
            lead("first", Priority.HOT),
            lead("hot-1", Priority.HOT),
            lead("normal-1", Priority.NORMAL),
            cardAction("action-1"));

    pauseScripts();
    List<Taken> taken;
    try {
      taken =
          Flux.fromIterable(events)
              .flatMapSequential(queue::take, events.size())
              .collectList()
              .block(Duration.ofSeconds(5));
    } finally {
      unpauseScripts();
    }

    assertThat(taken).containsOnly(Taken.PARKED).hasSize(events.size());
    assertThat(fallback.pending(10).map(InboundEvent::eventId).collectList().block())
        .containsExactlyInAnyOrder("first", "hot-1", "normal-1", "action-1");
    // The scripts Redis held run once it is back: the relay then finds each a duplicate.
    eventually(
        "the held scripts ran",
        () -> redis.xlen("salesbot:in:hot") + redis.xlen("salesbot:in:normal") == 5);
    for (InboundEvent e : events) {
      assertThat(adapter.inboundQueue().enqueue(e).block(Duration.ofSeconds(5))).isFalse();
    }
  }

  /**
   * Enqueues the events at once while Redis holds every script: the first call waits in Redis, the
   * others behind it; then lets Redis go on. Each event's answer, in order.
   */
  private static List<Signal<Boolean>> whileScriptsWait(
      InboundQueue queue, List<InboundEvent> events) throws Exception {
    pauseScripts();
    CompletableFuture<List<Signal<Boolean>>> answers;
    try {
      answers =
          Flux.fromIterable(events)
              .flatMapSequential(e -> queue.enqueue(e).materialize(), events.size())
              .collectList()
              .toFuture();
    } finally {
      unpauseScripts();
    }
    return answers.get(5, TimeUnit.SECONDS);
  }

  /** CLIENT PAUSE … WRITE: Redis 6.2 holds every script (and write) until CLIENT UNPAUSE. */
  private static void pauseScripts() {
    redis.dispatch(
        CommandType.CLIENT,
        new StatusOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(10_000).add("WRITE"));
  }

  private static void unpauseScripts() {
    redis.dispatch(
        CommandType.CLIENT,
        new StatusOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
  }

  /** How many EVALSHA calls Redis ran since its statistics were reset. */
  private static long scriptCalls() {
    return redis
        .info("commandstats")
        .lines()
        .filter(l -> l.startsWith("cmdstat_evalsha:"))
        .map(l -> l.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*", "$1"))
        .mapToLong(Long::parseLong)
        .sum();
  }

  private static List<String> eventIds(String stream) {
    return redis.xrange(stream, Range.create("-", "+")).stream()
        .map(m -> m.getBody().get("eventId"))
        .toList();
  }
}
