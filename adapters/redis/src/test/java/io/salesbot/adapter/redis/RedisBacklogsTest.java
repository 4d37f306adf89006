package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.XAddArgs;
import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The figures the ops alerts read from Redis: the lanes' entries and oldest entry's age, and how
 * long the oldest command of each platform's outbox has waited.
 */
class RedisBacklogsTest extends RedisTestBase {
  private static final Address REP = new Address("wecom", "ZhangSan");
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));

  private RedisAdapter adapter() {
    return closeLater(new RedisAdapter(client, settings("a"), clock));
  }

  /** Redis's own time, in epoch milliseconds. */
  private static long redisMillis() {
    List<String> t = redis.time();
    return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
  }

  private static void append(String stream, long idMillis) {
    redis.xadd(stream, new XAddArgs().id(idMillis + "-0"), Map.of("type", "test"));
  }

  @Test
  void each_lane_reports_its_entries_and_how_long_its_first_entry_has_waited() {
    RedisAdapter adapter = adapter();
    assertThat(adapter.inboundBacklog().lanes().block())
        .containsExactly(
            new QueueBacklog.Lane("hot", 0, Duration.ZERO),
            new QueueBacklog.Lane("normal", 0, Duration.ZERO));

    long now = redisMillis();
    append("salesbot:in:normal", now - 90_000);
    append("salesbot:in:normal", now - 10_000);
    List<QueueBacklog.Lane> lanes = adapter.inboundBacklog().lanes().block();

    assertThat(lanes.get(0)).isEqualTo(new QueueBacklog.Lane("hot", 0, Duration.ZERO));
    assertThat(lanes.get(1).entries()).isEqualTo(2);
    // Measured against Redis's clock, which has moved on a little since the entries were added.
    assertThat(lanes.get(1).oldest()).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(150));

    // The first one acknowledged (and so deleted): the next is now the oldest.
    redis.xdel("salesbot:in:normal", (now - 90_000) + "-0");
    assertThat(adapter.inboundBacklog().lanes().block().get(1).oldest())
        .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(70));
  }

  @Test
  void the_oldest_command_put_aside_counts_from_when_it_was_put_aside_by_the_adapter_clock() {
    RedisAdapter adapter = adapter();
    assertThat(adapter.outboxBacklog().oldestWaiting().block()).isEmpty();

    adapter
        .outbox()
        .defer(new SendText("c1", "一", List.of(REP)), clock.instant().plusSeconds(3600))
        .block();
    clock.advance(Duration.ofMinutes(5));
    // Put aside later but due sooner: the older one still decides.
    adapter
        .outbox()
        .defer(new SendText("c2", "二", List.of(REP)), clock.instant().plusSeconds(60))
        .block();
    clock.advance(Duration.ofMinutes(2));

    assertThat(adapter.outboxBacklog().oldestWaiting().block())
        .containsExactly(Map.entry("wecom", Duration.ofMinutes(7)));
    assertThat(adapter.outboxBacklog().waiting().block()).containsEntry("wecom", 2L);

    // Both released to the stream: now they count from their (new) stream entries, just added.
    clock.advance(Duration.ofHours(1));
    assertThat(adapter.releaseWaiting("wecom").block()).isEqualTo(2);
    assertThat(adapter.outboxBacklog().oldestWaiting().block().get("wecom"))
        .isLessThan(Duration.ofMinutes(1));

    // Sent (acknowledged entries are deleted): nothing waits, the platform is left out.
    redis.del("salesbot:out:wecom");
    assertThat(adapter.outboxBacklog().oldestWaiting().block()).isEmpty();
  }

  @Test
  void a_command_added_this_very_millisecond_waits_for_zero_ms_and_is_not_left_out() {
    RedisAdapter adapter = adapter();
    adapter.outbox().emit(new SendText("c0", "零", List.of(REP))).block();
    redis.del("salesbot:out:wecom");
    // an id a little ahead of Redis's clock: its age is 0 ms (CI once released and read within
    // one millisecond, and the platform vanished from the figures)
    append("salesbot:out:wecom", redisMillis() + 5_000);

    assertThat(adapter.outboxBacklog().oldestWaiting().block())
        .containsExactly(Map.entry("wecom", Duration.ZERO));
    redis.del("salesbot:out:wecom");
  }

  @Test
  void an_unsent_stream_entry_counts_by_redis_time() {
    RedisAdapter adapter = adapter();
    adapter.outbox().emit(new SendText("c0", "零", List.of(REP))).block();
    redis.del("salesbot:out:wecom");
    append("salesbot:out:wecom", redisMillis() - 600_000);

    assertThat(adapter.outboxBacklog().oldestWaiting().block().get("wecom"))
        .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
  }
}
