package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class StatsAndHealthTest extends RedisTestBase {

  @Test
  void statsCountLengthPendingAndLagPerStream() {
    RedisAdapter adapter =
        adapter(
            builder("a")
                .inboundConcurrency(1)
                .reclaimIdle(Duration.ofSeconds(5))
                .handlerTimeout(Duration.ofSeconds(4))
                .build());
    adapter.inboundQueue().enqueue(lead("h-1", Priority.HOT)).block();
    adapter.inboundQueue().enqueue(lead("h-2", Priority.HOT)).block();
    adapter.inboundQueue().enqueue(lead("n-1", Priority.NORMAL)).block();
    adapter.outbox().emit(OutboundCommandJsonTest.commands().get(3)).block();

    assertThat(adapter.stats().block())
        .containsExactly(
            new StreamStats("salesbot:in:hot", "in:hot", 2, 0, 2),
            new StreamStats("salesbot:in:normal", "in:normal", 1, 0, 1),
            new StreamStats("salesbot:out:sandbox", "out:sandbox", 1, 0, 1),
            new StreamStats("salesbot:dead", "dead", 0, 0, 0));

    AtomicInteger started = new AtomicInteger();
    StreamWorker worker =
        adapter.inboundWorker(
            e -> Mono.<Void>never().doOnSubscribe(s -> started.incrementAndGet()));
    worker.start();
    eventually("one in flight", () -> started.get() == 1);

    List<StreamStats> stats = adapter.stats().block();
    assertThat(stats.get(0)).isEqualTo(new StreamStats("salesbot:in:hot", "in:hot", 2, 1, 1));
    assertThat(stats.get(1)).isEqualTo(new StreamStats("salesbot:in:normal", "in:normal", 1, 0, 1));
    worker.stop(Duration.ZERO);
  }

  @Test
  void pingIsTrueWhileRedisAnswers() {
    assertThat(adapter("a").ping().block()).isTrue();
  }
}
