package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.domain.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Dead letters on Redis Cluster: each lands in its group's dead-letter stream (in the slot of the
 * stream it came from, so moving it is one script), the list shows them all newest first, and
 * replay puts each back on its own stream.
 */
class RedisClusterDeadLettersTest extends RedisClusterTestBase {
  @BeforeEach
  void connect() {
    start(RedisTestBase.builder("dead").maxDeliveries(1).build());
  }

  @Test
  void dead_letters_of_lanes_and_outboxes_are_listed_together_and_replayed_into_their_streams() {
    Keys keys = adapter.ops().keys();
    StreamWorker intake = adapter.inboundWorker(e -> Mono.error(new IllegalStateException("boom")));
    StreamWorker wecom =
        adapter.outboundWorker("wecom", c -> Mono.error(new IllegalStateException("refused")));
    intake.start();
    wecom.start();
    DeadLetters deadLetters = adapter.deadLetters();
    try {
      adapter.inboundQueue().enqueue(RedisTestBase.lead("l-1", Priority.HOT)).block();
      adapter
          .outbox()
          .emit(new OutboundCommand.SendText("c-1", "hi", List.of(new Address("wecom", "u"))))
          .block();
      RedisTestBase.eventually(
          "both dead-lettered",
          () -> deadLetters.list(10).collectList().block(Duration.ofSeconds(2)).size() == 2);
    } finally {
      intake.stop(Duration.ofSeconds(1));
      wecom.stop(Duration.ofSeconds(1));
    }

    assertThat(redis.xlen("{salesbot:in}:dead")).isEqualTo(1);
    assertThat(redis.xlen("{salesbot:out:wecom}:dead")).isEqualTo(1);
    // The metrics name each stream by key and by queue, the queue being the same as on a
    // standalone Redis except for the dead letters, one stream per group here.
    assertThat(adapter.stats().block())
        .extracting(StreamStats::stream, StreamStats::queue, StreamStats::length)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("{salesbot:in}:hot", "in:hot", 0L),
            org.assertj.core.groups.Tuple.tuple("{salesbot:in}:normal", "in:normal", 0L),
            org.assertj.core.groups.Tuple.tuple("{salesbot:out:wecom}", "out:wecom", 0L),
            org.assertj.core.groups.Tuple.tuple("{salesbot:in}:dead", "dead:in", 1L),
            org.assertj.core.groups.Tuple.tuple("{salesbot:out:wecom}:dead", "dead:out:wecom", 1L));
    List<DeadLetter> listed = deadLetters.list(10).collectList().block();
    assertThat(listed)
        .extracting(DeadLetter::stream)
        .containsExactlyInAnyOrder(keys.hot(), keys.outbox("wecom"));
    // newest first by entry id (each shard's own time, then sequence), across the two streams
    assertThat(idOrder(listed.get(0).id())).isGreaterThanOrEqualTo(idOrder(listed.get(1).id()));
    assertThat(deadLetters.list(1).collectList().block()).containsExactly(listed.get(0));

    DeadLetter lead = listed.stream().filter(d -> d.stream().equals(keys.hot())).findFirst().get();
    assertThat(deadLetters.replay(lead.id()).block()).isTrue();
    assertThat(redis.xlen(keys.hot())).isEqualTo(1);
    assertThat(redis.xlen("{salesbot:in}:dead")).isZero();

    assertThat(
            deadLetters
                .replayAll(keys.outbox("wecom"), Instant.EPOCH, Instant.now().plusSeconds(60), 10)
                .block())
        .isEqualTo(1);
    assertThat(redis.xlen(keys.outbox("wecom"))).isEqualTo(1);
    assertThat(redis.xlen("{salesbot:out:wecom}:dead")).isZero();
    assertThat(deadLetters.list(10).collectList().block()).isEmpty();
  }

  /** An entry id {@code <ms>-<seq>} as a comparable pair. */
  private static java.math.BigInteger idOrder(String id) {
    String[] parts = id.split("-");
    return new java.math.BigInteger(parts[0]).shiftLeft(64).add(new java.math.BigInteger(parts[1]));
  }
}
