package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Shared embedded Redis, a flushed database per test, fast settings, and event fixtures. */
abstract class RedisTestBase {
  static final Instant AT = Instant.parse("2025-03-01T08:00:00Z");

  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  static RedisCommands<String, String> redis;

  private final List<RedisAdapter> adapters = new ArrayList<>();

  @BeforeAll
  static void connect() {
    EmbeddedRedis server = EmbeddedRedis.shared();
    client = RedisAdapter.createClient(RedisURI.create(server.uri()), settings("probe"));
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void disconnect() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @BeforeEach
  void flush() {
    redis.flushall();
  }

  @AfterEach
  void closeAdapters() {
    adapters.forEach(RedisAdapter::close);
    adapters.clear();
  }

  /** Short timings: reclaim after 300 ms idle, checked every 100 ms, 3 deliveries at most. */
  static RedisStreamSettings settings(String consumer) {
    return builder(consumer).build();
  }

  static RedisStreamSettings.Builder builder(String consumer) {
    return RedisStreamSettings.builder()
        .consumerName(consumer)
        .commandTimeout(Duration.ofSeconds(1))
        .blockTimeout(Duration.ofMillis(100))
        .reclaimInterval(Duration.ofMillis(100))
        .reclaimIdle(Duration.ofMillis(300))
        .handlerTimeout(Duration.ofMillis(250))
        .maxDeliveries(3);
  }

  /** Closes {@code adapter} after the test. */
  RedisAdapter closeLater(RedisAdapter adapter) {
    adapters.add(adapter);
    return adapter;
  }

  RedisAdapter adapter(String consumer) {
    return adapter(settings(consumer));
  }

  RedisAdapter adapter(RedisStreamSettings settings) {
    RedisAdapter adapter = new RedisAdapter(client, settings);
    adapters.add(adapter);
    return adapter;
  }

  static InboundEvent.LeadSubmitted lead(String intakeId, Priority priority) {
    return new InboundEvent.LeadSubmitted(
        new LeadSubmission(
            intakeId,
            "web-form",
            "张三",
            "13812345678",
            "上海某制造有限公司",
            "华东",
            "制造",
            "CRM",
            "想了解价格",
            null,
            null,
            Map.of("utm_source", "baidu"),
            priority),
        AT);
  }

  static InboundEvent.CardAction cardAction(String eventId) {
    return new InboundEvent.CardAction(
        eventId, new Address("sandbox", "zhangsan"), "card-1", "claim", "lead-1", AT);
  }

  static InboundEvent.TextMessage text(String eventId) {
    return new InboundEvent.TextMessage(eventId, new Address("wecom", "ZhangSan"), "/funnel", AT);
  }

  static InboundEvent.Unsupported unsupported(String eventId) {
    return new InboundEvent.Unsupported(eventId, "dingtalk", "image", AT);
  }

  static long pending(String stream) {
    try {
      return redis.xpending(stream, "salesbot").getCount();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  static void eventually(Duration within, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within " + within + ": " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  static void eventually(String what, BooleanSupplier condition) {
    eventually(Duration.ofSeconds(5), what, condition);
  }
}
