package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RedisWaitingOutboxTest extends RedisTestBase {
  private static final Address REP = new Address("wecom", "ZhangSan");
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));

  private RedisAdapter clocked(String consumer) {
    return closeLater(new RedisAdapter(client, settings(consumer), clock));
  }

  private static SendText text(int i) {
    return new SendText("cmd-" + i, "第 " + i + " 条", List.of(REP));
  }

  private static List<String> ids(List<StreamMessage<String, String>> entries) {
    return entries.stream().map(m -> m.getBody().get("commandId")).toList();
  }

  private static List<StreamMessage<String, String>> outbox() {
    return redis.xrange("salesbot:out:wecom", Range.create("-", "+"));
  }

  @Test
  void a_deferred_command_waits_until_its_time_then_comes_back_whole() {
    RedisAdapter adapter = clocked("a");
    OutboundCommand card = OutboundCommandJsonTest.commands().get(0);

    adapter.outbox().defer(card, clock.instant().plusSeconds(30)).block();

    assertThat(adapter.waiting().block()).containsEntry("wecom", 1L);
    assertThat(adapter.releaseWaiting("wecom").block()).isZero();
    assertThat(redis.exists("salesbot:out:wecom")).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(adapter.releaseWaiting("wecom").block()).isEqualTo(1);
    assertThat(adapter.waiting().block()).containsEntry("wecom", 0L);
    List<StreamMessage<String, String>> out = outbox();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getBody())
        .containsEntry("type", "deliver-card")
        .containsEntry("commandId", "cmd-1")
        .hasSize(3);
    assertThat(RedisOutbox.decode(out.get(0).getBody())).isEqualTo(card);
  }

  @Test
  void due_commands_come_back_earliest_first_and_oldest_first_among_equals() {
    RedisAdapter adapter = clocked("a");
    Instant at = clock.instant().plusSeconds(10);
    adapter.outbox().defer(text(1), at.plusSeconds(5)).block();
    clock.advance(Duration.ofMillis(1));
    adapter.outbox().defer(text(2), at).block();
    adapter.outbox().defer(text(3), at).block(); // same millisecond: the sequence decides
    clock.advance(Duration.ofMillis(1));
    adapter.outbox().defer(text(4), at.minusSeconds(1)).block();

    clock.advance(Duration.ofSeconds(20));
    adapter.releaseWaiting("wecom").block();

    assertThat(ids(outbox())).containsExactly("cmd-4", "cmd-2", "cmd-3", "cmd-1");
  }

  @Test
  void a_release_moves_at_most_a_batch() {
    RedisAdapter adapter = clocked("a");
    Flux.range(0, RedisAdapter.RELEASE_BATCH + 5)
        .concatMap(i -> adapter.outbox().defer(text(i), clock.instant()))
        .blockLast();

    assertThat(adapter.releaseWaiting("wecom").block()).isEqualTo(RedisAdapter.RELEASE_BATCH);
    assertThat(adapter.waiting().block()).containsEntry("wecom", 5L);
    assertThat(adapter.releaseWaiting("wecom").block()).isEqualTo(5);
    assertThat(redis.xlen("salesbot:out:wecom")).isEqualTo(RedisAdapter.RELEASE_BATCH + 5);
  }

  @Test
  void commands_in_line_for_the_same_recipients_are_spread_out() {
    RedisAdapter adapter = clocked("a");
    Instant now = clock.instant();
    for (int i = 0; i < 5; i++) {
      adapter.outbox().deferInLine(text(i), now.plusSeconds(3), Duration.ofSeconds(3)).block();
    }
    // another recipient has a line of its own
    adapter
        .outbox()
        .deferInLine(
            new SendText("other", "x", List.of(new Address("wecom", "LiSi"))),
            now.plusSeconds(3),
            Duration.ofSeconds(3))
        .block();

    List<Double> scores =
        redis.zrangeWithScores("salesbot:wait:wecom", 0, -1).stream()
            .map(v -> (v.getScore() - now.toEpochMilli()) / 1000)
            .toList();
    assertThat(scores).containsExactly(3.0, 3.0, 6.0, 9.0, 12.0, 15.0);
    assertThat(redis.pttl(redis.keys("salesbot:wait-line:wecom:*").get(0))).isPositive();

    clock.advance(Duration.ofSeconds(3));
    assertThat(adapter.releaseWaiting("wecom").block()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(3));
    assertThat(adapter.releaseWaiting("wecom").block()).isEqualTo(1);
  }

  @Test
  void two_instances_releasing_at_once_move_every_command_exactly_once() {
    RedisAdapter one = clocked("a");
    RedisAdapter two = clocked("b");
    Flux.range(0, 500)
        .flatMap(i -> one.outbox().defer(text(i), clock.instant().plusMillis(i % 7)), 16)
        .blockLast();
    clock.advance(Duration.ofSeconds(1));

    for (int round = 0; round < 3; round++) {
      Flux.merge(one.releaseWaiting("wecom"), two.releaseWaiting("wecom")).blockLast();
    }

    List<String> ids = ids(outbox());
    assertThat(ids).hasSize(500).doesNotHaveDuplicates();
    assertThat(redis.zcard("salesbot:wait:wecom")).isZero();
  }

  @Test
  void the_outbound_worker_releases_due_commands_by_itself() {
    RedisAdapter adapter = clocked("a");
    List<OutboundCommand> sent = Collections.synchronizedList(new ArrayList<>());
    StreamWorker worker =
        adapter.outboundWorker("wecom", c -> Mono.fromRunnable(() -> sent.add(c)));
    worker.start();
    IntStream.range(0, 3)
        .forEach(i -> adapter.outbox().defer(text(i), clock.instant().plusSeconds(60)).block());

    sleep(Duration.ofMillis(400));
    assertThat(sent).isEmpty();
    clock.advance(Duration.ofMinutes(1));

    eventually("released and handled", () -> sent.size() == 3);
    assertThat(sent).containsExactlyInAnyOrder(text(0), text(1), text(2));
    assertThat(adapter.waiting().block()).isEqualTo(Map.of("wecom", 0L));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
