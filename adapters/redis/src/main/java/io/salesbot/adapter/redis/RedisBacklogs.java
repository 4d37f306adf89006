package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.platform.OutboxBacklog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How much unfinished work the streams hold and how old its oldest piece is, for the ops alerts.
 * Acknowledged entries are deleted, so a stream's first entry is its oldest unfinished one; its id
 * is Redis's time when it was appended, compared with Redis's own {@code TIME}. A command put aside
 * ({@link RedisOutbox}) carries the adapter clock's time when it was put aside, compared with that
 * clock; at most {@value #WAITING_SCAN} of them are looked at per platform.
 */
final class RedisBacklogs {
  /** Most waiting commands of one platform looked at for the oldest one. */
  static final int WAITING_SCAN = 10_000;

  /** KEYS: a stream. Milliseconds since its first entry was appended (Redis time), or 0. */
  private static final LuaScript FIRST_ENTRY_AGE =
      new LuaScript(
          """
          local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
          if #first == 0 then return -1 end
          local id = first[1][1]
          local ms = tonumber(string.sub(id, 1, string.find(id, '-', 1, true) - 1))
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          return math.max(0, now - ms)
          """);

  /**
   * KEYS: a waiting set. ARGV: most members to look at. The earliest put-aside time (epoch ms, the
   * member's first 15 digits), or -1 when none waits.
   */
  private static final LuaScript EARLIEST_PUT_ASIDE =
      new LuaScript(
          """
          local m = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
          local oldest = -1
          for _, x in ipairs(m) do
            local t = tonumber(string.sub(x, 1, 15))
            if t and (oldest < 0 or t < oldest) then oldest = t end
          end
          return oldest
          """);

  private final StreamOps ops;
  private final Set<String> platforms;
  private final Clock clock;

  RedisBacklogs(StreamOps ops, Set<String> platforms, Clock clock) {
    this.ops = ops;
    this.platforms = platforms;
    this.clock = clock;
  }

  /** The hot and the normal lane: entries (XLEN) and the first entry's age. */
  QueueBacklog lanes() {
    return () ->
        Flux.just("hot", "normal")
            .concatMap(
                lane -> {
                  String stream = lane.equals("hot") ? ops.keys().hot() : ops.keys().normal();
                  return Mono.zip(
                      ops.command(r -> r.xlen(stream)),
                      age(stream),
                      (n, age) -> new QueueBacklog.Lane(lane, n, age));
                })
            .collectList();
  }

  /** Milliseconds since {@code stream}'s first entry was appended; zero when empty. */
  Mono<Duration> age(String stream) {
    return firstEntryAge(stream).map(ms -> Duration.ofMillis(Math.max(0, ms)));
  }

  /** The first entry's age in milliseconds by Redis's clock; -1 when the stream is empty. */
  private Mono<Long> firstEntryAge(String stream) {
    return ops.script(FIRST_ENTRY_AGE, new String[] {stream}, List.of());
  }

  /**
   * Per platform seen: the longer of its outbox stream's first entry's age and the time since the
   * earliest of its waiting commands was put aside; platforms with neither are left out.
   */
  Mono<Map<String, Duration>> oldestWaiting() {
    return Flux.fromIterable(new TreeSet<>(platforms))
        .concatMap(
            p ->
                // -1: nothing there. A command added this very millisecond is 0 ms old, not absent.
                Mono.zip(firstEntryAge(ops.keys().outbox(p)), putAsideAge(p))
                    .filter(t -> t.getT1() >= 0 || t.getT2() >= 0)
                    .map(t -> Map.entry(p, Duration.ofMillis(Math.max(t.getT1(), t.getT2())))))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
  }

  /** Milliseconds since the earliest waiting command was put aside; -1 when none waits. */
  private Mono<Long> putAsideAge(String platform) {
    return ops.script(
            EARLIEST_PUT_ASIDE,
            new String[] {ops.keys().waiting(platform)},
            List.of(Integer.toString(WAITING_SCAN)))
        .map(earliest -> earliest < 0 ? -1L : Math.max(0, clock.millis() - earliest));
  }

  /** {@code waiting} with {@link #oldestWaiting()}. */
  OutboxBacklog outbox(OutboxBacklog waiting) {
    return new OutboxBacklog() {
      @Override
      public Mono<Map<String, Long>> waiting() {
        return waiting.waiting();
      }

      @Override
      public Mono<Map<String, Duration>> oldestWaiting() {
        return RedisBacklogs.this.oldestWaiting();
      }
    };
  }
}
