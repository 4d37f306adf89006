package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEventCodec;
import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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

  private static List<String> eventIds(String stream) {
    return redis.xrange(stream, Range.create("-", "+")).stream()
        .map(m -> m.getBody().get("eventId"))
        .toList();
  }
}
