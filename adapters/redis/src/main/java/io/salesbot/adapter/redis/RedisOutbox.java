package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Appends outbound commands to their platform's stream as fields {@code type}, {@code commandId}
 * (for people and tools looking at the stream) and {@code json} (what the sender reads).
 *
 * <p><b>Waiting commands.</b> A command that cannot be sent yet is put aside in the sorted set
 * {@code <prefix>:wait:<platform>}, scored by its not-before time (epoch milliseconds). The member
 * is {@code <enqueued ms, 15 digits>-<sequence, 12 hex>-<instance, 8 hex> <json>}: Redis orders
 * members of equal score by their bytes, so among commands due at the same moment the one put aside
 * first comes back first (within one millisecond: first on this instance), and two equal commands
 * stay apart. {@link #release} moves due commands, earliest not-before first, back to {@code
 * <prefix>:out:<platform>} in one Lua script (range, XADD, ZREM): a crash never loses a command nor
 * moves it twice. Every instance may release; the script makes that harmless.
 *
 * <p><b>Lines.</b> {@link #deferInLine} keeps, per platform and set of recipients, the last
 * not-before it gave out ({@code <prefix>:wait-line:<platform>:<hash>}, expiring soon after) and
 * puts the next command at least {@code spacing} later. A hundred cards for one rep whose budget is
 * spent thus come back one refill apart; released all at once, ninety-nine would only be put aside
 * again on every round.
 */
final class RedisOutbox implements Outbox {
  static final String TYPE = "type";
  static final String COMMAND_ID = "commandId";
  static final String JSON = "json";

  /** Longest gap {@link #deferInLine} puts between two commands of one line. */
  static final Duration MAX_SPACING = Duration.ofMinutes(1);

  /**
   * KEYS: waiting set, line key (or the waiting set again when there is no line). ARGV: not-before
   * ms, now ms, spacing ms (0: no line), member prefix, json. Returns the not-before used.
   */
  private static final LuaScript DEFER =
      new LuaScript(
          """
          local nb = tonumber(ARGV[1])
          local now = tonumber(ARGV[2])
          local spacing = tonumber(ARGV[3])
          if spacing > 0 then
            local last = tonumber(redis.call('GET', KEYS[2]))
            if last and last + spacing > nb then nb = last + spacing end
            redis.call('SET', KEYS[2], nb, 'PX', math.max(nb - now, 0) + 60000)
          end
          redis.call('ZADD', KEYS[1], nb, ARGV[4] .. ' ' .. ARGV[5])
          return nb
          """);

  /**
   * KEYS: waiting set, outbox stream. ARGV: now ms, most to move. Moves due members, earliest
   * not-before first, to the stream; returns how many.
   */
  private static final LuaScript RELEASE =
      new LuaScript(
          """
          local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
          for _, m in ipairs(due) do
            local sp = string.find(m, ' ', 1, true)
            local json = string.sub(m, sp + 1)
            local kind, id = 'unknown', ''
            local ok, c = pcall(cjson.decode, json)
            if ok and type(c) == 'table' then
              kind = tostring(c['type'])
              id = tostring(c['commandId'])
            end
            redis.call('XADD', KEYS[2], '*', 'type', kind, 'commandId', id, 'json', json)
            redis.call('ZREM', KEYS[1], m)
          end
          return #due
          """);

  private final StreamOps ops;
  private final Set<String> platformsSeen;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final String instance =
      String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());

  RedisOutbox(StreamOps ops, Set<String> platformsSeen, Clock clock) {
    this.ops = ops;
    this.platformsSeen = platformsSeen;
    this.clock = clock;
  }

  @Override
  public Mono<Void> emit(OutboundCommand command) {
    return Mono.defer(() -> ops.append(stream(command), fields(command)).then());
  }

  /**
   * One pipelined {@code XADD} per command (sent without waiting for each answer, so one round trip
   * for the list), each to its platform's stream, in the list's order.
   */
  @Override
  public Mono<Void> emitAll(List<OutboundCommand> commands) {
    return Mono.defer(
        () -> {
          List<Map.Entry<String, Map<String, String>>> entries = new ArrayList<>(commands.size());
          for (OutboundCommand c : commands) {
            entries.add(Map.entry(stream(c), fields(c)));
          }
          return ops.appendAll(entries);
        });
  }

  /** The command's platform's stream; remembers the platform for its sender. */
  private String stream(OutboundCommand command) {
    platformsSeen.add(command.platform());
    return ops.keys().outbox(command.platform());
  }

  private static Map<String, String> fields(OutboundCommand command) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(TYPE, OutboundCommandJson.typeOf(command));
    fields.put(COMMAND_ID, command.commandId());
    fields.put(JSON, OutboundCommandJson.write(command));
    return fields;
  }

  @Override
  public Mono<Void> defer(OutboundCommand command, Instant notBefore) {
    return put(command, notBefore, Duration.ZERO).then();
  }

  @Override
  public Mono<Void> deferInLine(OutboundCommand command, Instant notBefore, Duration spacing) {
    Duration s = spacing.isNegative() ? Duration.ZERO : spacing;
    if (s.compareTo(MAX_SPACING) > 0) {
      s = MAX_SPACING;
    }
    if (s.isZero()) {
      s = Duration.ofMillis(1);
    }
    return put(command, notBefore, s).then();
  }

  /** Puts the command aside; the not-before actually used. */
  Mono<Instant> put(OutboundCommand command, Instant notBefore, Duration spacing) {
    return Mono.defer(
        () -> {
          String platform = command.platform();
          platformsSeen.add(platform);
          long now = clock.millis();
          String waiting = ops.keys().waiting(platform);
          String line =
              spacing.isZero()
                  ? waiting
                  : ops.keys().waitingLine(platform, recipientsHash(command.recipients()));
          String member =
              String.format(
                  Locale.ROOT, "%015d-%012x-%s", now, sequence.incrementAndGet(), instance);
          return ops.script(
                  DEFER,
                  new String[] {waiting, line},
                  List.of(
                      Long.toString(notBefore.toEpochMilli()),
                      Long.toString(now),
                      Long.toString(spacing.toMillis()),
                      member,
                      OutboundCommandJson.write(command)))
              .map(Instant::ofEpochMilli);
        });
  }

  /**
   * Moves up to {@code max} commands whose time has come back to {@code platform}'s stream, the
   * earliest not-before first (the oldest first among equals); how many were moved.
   */
  Mono<Long> release(String platform, int max) {
    return Mono.defer(
        () ->
            ops.script(
                RELEASE,
                new String[] {ops.keys().waiting(platform), ops.keys().outbox(platform)},
                List.of(Long.toString(clock.millis()), Integer.toString(max))));
  }

  /** Commands waiting for {@code platform}, due or not. */
  Mono<Long> waiting(String platform) {
    return ops.command(r -> r.zcard(ops.keys().waiting(platform)));
  }

  /** Decodes an outbox entry; fails with {@link UndecodableEntryException}. */
  static OutboundCommand decode(Map<String, String> fields) {
    String json = fields.get(JSON);
    if (json == null) {
      throw new UndecodableEntryException("outbox entry has no '" + JSON + "' field");
    }
    return OutboundCommandJson.read(json);
  }

  /** The same for the same recipients in any order; 16 hex digits of SHA-1. */
  static String recipientsHash(List<Address> recipients) {
    String joined =
        String.join("\n", recipients.stream().map(Address::toString).sorted().distinct().toList());
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
