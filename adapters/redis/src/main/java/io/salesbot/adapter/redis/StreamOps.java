package io.salesbot.adapter.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.salesbot.core.kernel.Deadlines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every Redis command the adapter sends, each bounded by {@code commandTimeout}. The multi-command
 * steps that must not be torn apart by a crash are Lua scripts.
 */
final class StreamOps {
  /** Dead-letter metadata fields, added to the entry's own fields. */
  static final String META_STREAM = "_stream";

  static final String META_ENTRY_ID = "_entryId";
  static final String META_ERROR = "_error";
  static final String META_ATTEMPTS = "_attempts";
  static final String META_FAILED_AT = "_failedAt";
  static final List<String> META =
      List.of(META_STREAM, META_ENTRY_ID, META_ERROR, META_ATTEMPTS, META_FAILED_AT);

  /**
   * KEYS: per event its seen key and its stream. ARGV: ttl seconds, then per event its token, the
   * number of its field and value strings, and those. For each event in order: unless the seen key
   * exists, appends the event and sets the seen key to the event's token; answers per event 1
   * (appended now, or already by this very token: a call tried again after its batch failed half
   * way) or 0 (a duplicate). The key is set after XADD so that a failed XADD (e.g. OOM) leaves no
   * dedupe mark behind. A script runs atomically, so two racing enqueues of one id append once,
   * also within one batch.
   */
  private static final LuaScript APPEND_ALL_IF_NEW =
      new LuaScript(
          """
          local out = {}
          local a = 2
          for i = 1, #KEYS, 2 do
            local n = tonumber(ARGV[a + 1])
            local seen = redis.call('GET', KEYS[i])
            if seen then
              out[#out + 1] = (seen == ARGV[a]) and 1 or 0
            else
              redis.call('XADD', KEYS[i + 1], '*', unpack(ARGV, a + 2, a + 1 + n))
              redis.call('SET', KEYS[i], ARGV[a], 'EX', ARGV[1])
              out[#out + 1] = 1
            end
            a = a + 2 + n
          end
          return out
          """);

  /** KEYS: stream. ARGV: group, id. Acknowledges and deletes in one step. */
  private static final LuaScript ACK_AND_DELETE =
      new LuaScript(
          """
          local n = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
          redis.call('XDEL', KEYS[1], ARGV[2])
          return n
          """);

  /** KEYS: stream. ARGV: group, then the ids. Acknowledges and deletes them all in one step. */
  private static final LuaScript ACK_AND_DELETE_ALL =
      new LuaScript(
          """
          local n = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
          redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
          return n
          """);

  /**
   * KEYS: source stream, dead-letter stream. ARGV: group, id, then field/value pairs. Only an entry
   * still pending is moved, so two workers deciding at once write one dead letter.
   */
  private static final LuaScript DEAD_LETTER =
      new LuaScript(
          """
          local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
          if #p == 0 then return 0 end
          redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
          redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
          redis.call('XDEL', KEYS[1], ARGV[2])
          return 1
          """);

  /**
   * KEYS: dead-letter stream, target stream. ARGV: dead-letter id, then the metadata field names.
   * Returns 1 when replayed, 0 when there is no such dead letter, -1 when it belongs to another
   * stream than KEYS[2] (it changed since it was read).
   */
  private static final LuaScript REPLAY =
      new LuaScript(
          """
          local e = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
          if #e == 0 then return 0 end
          local meta = {}
          for i = 2, #ARGV do meta[ARGV[i]] = true end
          local f = e[1][2]
          local out = {}
          local stream = nil
          for i = 1, #f, 2 do
            if f[i] == '_stream' then stream = f[i + 1]
            elseif not meta[f[i]] then
              out[#out + 1] = f[i]
              out[#out + 1] = f[i + 1]
            end
          end
          if stream ~= KEYS[2] or #out == 0 then return -1 end
          redis.call('XADD', KEYS[2], '*', unpack(out))
          redis.call('XDEL', KEYS[1], ARGV[1])
          return 1
          """);

  /**
   * KEYS: stream. ARGV: group, consumer. Removes the consumer only when it owns no pending entry
   * (deleting a consumer drops its pending entries from the group, which would orphan them).
   */
  private static final LuaScript DELETE_CONSUMER_IF_IDLE =
      new LuaScript(
          """
          local p = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])
          if #p > 0 then return 0 end
          return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
          """);

  private final Supplier<Mono<RedisClusterReactiveCommands<String, String>>> connection;
  private final Connections connections;
  private final RedisStreamSettings settings;
  private final Keys keys;

  StreamOps(Connections connections, RedisStreamSettings settings, Keys keys) {
    this(connections, connections::shared, settings, keys);
  }

  private StreamOps(
      Connections connections,
      Supplier<Mono<RedisClusterReactiveCommands<String, String>>> connection,
      RedisStreamSettings settings,
      Keys keys) {
    this.connections = connections;
    this.connection = connection;
    this.settings = settings;
    this.keys = keys;
  }

  /** The same operations over the ingress connection ({@link Connections#ingress}). */
  StreamOps forIngress() {
    return new StreamOps(connections, connections::ingress, settings, keys);
  }

  Keys keys() {
    return keys;
  }

  RedisStreamSettings settings() {
    return settings;
  }

  /** One event for {@link #appendAllIfNew}: its seen key, its stream, its token, its fields. */
  record Append(String seenKey, String stream, String token, Map<String, String> fields) {}

  /**
   * Appends each event unless its seen key was set within the dedupe window (or by an earlier event
   * of the list), all in one script; per event, in order, true when appended (now, or before by the
   * same token). All keys must share a slot (on a cluster: the inbound hash tag).
   */
  Mono<List<Boolean>> appendAllIfNew(List<Append> appends) {
    String[] keys = new String[2 * appends.size()];
    int size = 1;
    for (Append a : appends) {
      size += 2 + 2 * a.fields().size();
    }
    List<String> args = new ArrayList<>(size);
    args.add(Long.toString(settings.dedupeTtl().toSeconds()));
    int k = 0;
    for (Append a : appends) {
      keys[k++] = a.seenKey();
      keys[k++] = a.stream();
      args.add(a.token());
      args.add(Integer.toString(2 * a.fields().size()));
      flatten(a.fields(), args);
    }
    return command(
        r ->
            APPEND_ALL_IF_NEW
                .run(r, ScriptOutputType.MULTI, keys, args.toArray(String[]::new))
                .next()
                .map(StreamOps::flags));
  }

  private static List<Boolean> flags(Object answer) {
    List<?> list = (List<?>) answer;
    List<Boolean> flags = new ArrayList<>(list.size());
    for (Object o : list) {
      flags.add(Long.valueOf(1L).equals(o));
    }
    return flags;
  }

  Mono<String> append(String stream, Map<String, String> fields) {
    return command(r -> r.xadd(stream, fields));
  }

  /**
   * Appends each entry (stream, fields) in order, pipelined: every {@code XADD} is sent before the
   * answers come back, so the list costs one round trip instead of one each. Fails when any fails
   * (the others may have been appended).
   */
  Mono<Void> appendAll(List<Map.Entry<String, Map<String, String>>> entries) {
    if (entries.isEmpty()) {
      return Mono.empty();
    }
    return command(
        r ->
            Flux.fromIterable(entries)
                .flatMapSequential(e -> r.xadd(e.getKey(), e.getValue()), entries.size())
                .then());
  }

  Mono<Void> ackAndDelete(String stream, String id) {
    return script(ACK_AND_DELETE, new String[] {stream}, List.of(settings.group(), id)).then();
  }

  /** {@link #ackAndDelete} of several entries of one stream, in one script. */
  Mono<Void> ackAndDeleteAll(String stream, List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.empty();
    }
    List<String> args = new ArrayList<>(1 + ids.size());
    args.add(settings.group());
    args.addAll(ids);
    return script(ACK_AND_DELETE_ALL, new String[] {stream}, args).then();
  }

  Mono<Void> ack(String stream, String id) {
    return command(r -> r.xack(stream, settings.group(), id)).then();
  }

  /**
   * Moves a pending entry to the dead letters, acknowledging and deleting the original.
   *
   * @return false when the entry was no longer pending (somebody else finished or moved it)
   */
  Mono<Boolean> deadLetter(
      String stream, String id, Map<String, String> fields, String error, long attempts) {
    Map<String, String> all = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          if (!META.contains(k)) {
            all.put(k, v);
          }
        });
    all.put(META_STREAM, stream);
    all.put(META_ENTRY_ID, id);
    all.put(META_ERROR, error);
    all.put(META_ATTEMPTS, Long.toString(attempts));
    all.put(META_FAILED_AT, Instant.now().toString());
    List<String> args = new ArrayList<>(2 + 2 * all.size());
    args.add(settings.group());
    args.add(id);
    flatten(all, args);
    return script(DEAD_LETTER, new String[] {stream, keys.deadFor(stream)}, args).map(n -> n == 1L);
  }

  /** Creates the consumer group reading from the start of the stream, creating the stream too. */
  Mono<Void> ensureGroup(String stream) {
    return command(
            r ->
                r.xgroupCreate(
                    StreamOffset.from(stream, "0-0"),
                    settings.group(),
                    XGroupCreateArgs.Builder.mkstream(true)))
        .then()
        .onErrorResume(
            e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP"),
            e -> Mono.empty());
  }

  Mono<ClaimedMessages<String, String>> autoClaim(String stream, String cursor, int count) {
    return command(
        r ->
            r.xautoclaim(
                stream,
                new XAutoClaimArgs<String>()
                    .consumer(Consumer.from(settings.group(), settings.consumerName()))
                    .minIdleTime(settings.reclaimIdle())
                    .startId(cursor)
                    .count(count)));
  }

  /**
   * Sets a pending entry's delivery count back to {@code deliveries} and its idle time to {@code
   * idle}, keeping it with this consumer (XCLAIM ... IDLE RETRYCOUNT JUSTID): the delivery that met
   * an outage is not counted, and the entry is reclaimed once idle reaches {@code reclaimIdle}.
   */
  Mono<Void> giveBack(String stream, String id, long deliveries, java.time.Duration idle) {
    return command(
            r ->
                r.xclaim(
                        stream,
                        Consumer.from(settings.group(), settings.consumerName()),
                        XClaimArgs.Builder.minIdleTime(0)
                            .idle(idle)
                            .retryCount(Math.max(0, deliveries))
                            .justid(),
                        id)
                    .then())
        .then();
  }

  /** How often the entry was delivered; empty when it is no longer pending. */
  Mono<Long> deliveries(String stream, String id) {
    return command(
        r ->
            r.xpending(stream, settings.group(), Range.create(id, id), Limit.from(1))
                .next()
                .map(PendingMessage::getRedeliveryCount));
  }

  Mono<Void> deleteConsumerIfIdle(String stream) {
    return script(
            DELETE_CONSUMER_IF_IDLE,
            new String[] {stream},
            List.of(settings.group(), settings.consumerName()))
        .then();
  }

  Mono<StreamStats> stats(String stream, String queue, boolean hasGroup) {
    Mono<Long> length = command(r -> r.xlen(stream));
    Mono<Long> pending =
        hasGroup
            ? command(r -> r.xpending(stream, settings.group()))
                .map(p -> p.getCount())
                .onErrorResume(StreamOps::isNoGroup, e -> Mono.just(0L))
            : Mono.just(0L);
    return Mono.zip(length, pending)
        .map(
            t ->
                new StreamStats(
                    stream, queue, t.getT1(), t.getT2(), Math.max(0, t.getT1() - t.getT2())));
  }

  Mono<List<StreamMessage<String, String>>> newestFirst(String stream, int limit) {
    return command(
        r -> r.xrevrange(stream, Range.create("-", "+"), Limit.from(limit)).collectList());
  }

  /** Up to {@code count} entries of {@code stream} within {@code range}, oldest first. */
  Mono<List<StreamMessage<String, String>>> range(String stream, Range<String> range, int count) {
    return command(r -> r.xrange(stream, range, Limit.from(count)).collectList());
  }

  Mono<Optional<StreamMessage<String, String>>> entry(String stream, String id) {
    return command(
            r -> r.xrange(stream, Range.create(id, id), Limit.from(1)).next().map(Optional::of))
        .defaultIfEmpty(Optional.empty());
  }

  /**
   * 1 replayed, 0 no such dead letter, -1 it changed meanwhile. The dead letter is looked for where
   * entries of {@code targetStream} are dead-lettered ({@link Keys#deadFor}).
   */
  Mono<Long> replay(String deadId, String targetStream) {
    List<String> args = new ArrayList<>();
    args.add(deadId);
    args.addAll(META);
    return script(REPLAY, new String[] {keys.deadFor(targetStream), targetStream}, args);
  }

  Mono<String> ping() {
    return command(RedisClusterReactiveCommands::ping);
  }

  static boolean isNoGroup(Throwable e) {
    return e instanceof RedisCommandExecutionException
        && e.getMessage() != null
        && e.getMessage().startsWith("NOGROUP");
  }

  Mono<Long> script(LuaScript script, String[] keys, List<String> args) {
    return command(
        r ->
            script
                .run(r, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new))
                .next()
                .cast(Long.class));
  }

  /** Runs one command on the shared connection, failing after {@code commandTimeout}. */
  <T> Mono<T> command(Function<RedisClusterReactiveCommands<String, String>, Mono<T>> command) {
    return Deadlines.within(connection.get().flatMap(command), settings.commandTimeout())
        .onErrorMap(
            TimeoutException.class,
            e ->
                new RedisCommandTimeoutException(
                    "Redis did not answer within " + settings.commandTimeout()));
  }

  private static void flatten(Map<String, String> fields, List<String> into) {
    fields.forEach(
        (k, v) -> {
          into.add(k);
          into.add(v);
        });
  }
}
