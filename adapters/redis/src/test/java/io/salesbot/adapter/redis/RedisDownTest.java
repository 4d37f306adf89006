package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.platform.SendBudgets.Budget;
import io.salesbot.core.platform.SendBudgets.Rate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Runs its own redis-server, to stop it under the adapter. */
class RedisDownTest {

  @Test
  void whileRedisIsDownEnqueueFailsFastAndWorkersResumeWhenItIsBack() {
    EmbeddedRedis server = EmbeddedRedis.startPrivate();
    RedisStreamSettings settings = RedisTestBase.settings("a");
    RedisClient client = RedisAdapter.createClient(RedisURI.create(server.uri()), settings);
    RedisAdapter adapter = new RedisAdapter(client, settings);
    Set<String> handled = Collections.synchronizedSet(new HashSet<>());
    StreamWorker worker =
        adapter.inboundWorker(e -> Mono.fromRunnable(() -> handled.add(e.eventId())));
    try {
      worker.start();
      // The first command also connects, which can exceed the 1 s command timeout on a busy
      // machine: try until it is in (the event id dedupes a retry that did get through).
      InboundEvent before = RedisTestBase.text("before");
      RedisTestBase.eventually(
          Duration.ofSeconds(20),
          "a first enqueue",
          () ->
              Boolean.TRUE.equals(
                  adapter
                      .inboundQueue()
                      .enqueue(before)
                      .map(in -> true)
                      .onErrorReturn(false)
                      .block()));
      RedisTestBase.eventually("handled", () -> handled.contains("before"));

      server.stop();

      long started = System.nanoTime();
      StepVerifier.create(adapter.inboundQueue().enqueue(RedisTestBase.text("during")))
          .expectError()
          .verify(Duration.ofSeconds(5));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      StepVerifier.create(adapter.ping()).expectNext(false).verifyComplete();
      assertThat(worker.isRunning()).isTrue();

      server.start();

      InboundEvent after = RedisTestBase.text("after");
      RedisTestBase.eventually(
          Duration.ofSeconds(20),
          "enqueue works again",
          () ->
              Boolean.TRUE.equals(
                  adapter.inboundQueue().enqueue(after).onErrorReturn(false).block()));
      RedisTestBase.eventually(
          Duration.ofSeconds(20), "the worker handles it", () -> handled.contains("after"));
      assertThat(adapter.ping().block()).isTrue();
    } finally {
      worker.stop(Duration.ofSeconds(1));
      adapter.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      server.stop();
    }
  }

  @Test
  void whileRedisIsDownBudgetsAndWaitingFailFastAndWorkAgainWhenItIsBack() {
    EmbeddedRedis server = EmbeddedRedis.startPrivate();
    RedisStreamSettings settings = RedisTestBase.settings("a");
    RedisClient client = RedisAdapter.createClient(RedisURI.create(server.uri()), settings);
    RedisAdapter adapter = new RedisAdapter(client, settings);
    List<Budget> budget =
        List.of(new Budget("wecom:c:1:member:u", List.of(Rate.atMost(30, Duration.ofMinutes(1)))));
    OutboundCommand text =
        new OutboundCommand.SendText("t-1", "hi", List.of(new Address("wecom", "u")));
    try {
      // the first take also connects, which can be slow on a busy machine
      RedisTestBase.eventually(
          Duration.ofSeconds(20),
          "a first take",
          () ->
              Duration.ZERO.equals(
                  adapter.sendBudgets().take(budget, 1).onErrorReturn(Duration.ofDays(1)).block()));

      server.stop();

      long started = System.nanoTime();
      StepVerifier.create(adapter.sendBudgets().take(budget, 1))
          .expectError()
          .verify(Duration.ofSeconds(10));
      StepVerifier.create(adapter.outbox().defer(text, Instant.now()))
          .expectError()
          .verify(Duration.ofSeconds(5));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));

      server.start();

      RedisTestBase.eventually(
          Duration.ofSeconds(20),
          "budgets work again",
          () ->
              Duration.ZERO.equals(
                  adapter.sendBudgets().take(budget, 1).onErrorReturn(Duration.ofDays(1)).block()));
      adapter.outbox().defer(text, Instant.now()).block(Duration.ofSeconds(5));
      assertThat(adapter.waiting().block()).containsEntry("wecom", 1L);
    } finally {
      adapter.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      server.stop();
    }
  }
}
