package io.salesbot.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.salesbot.core.platform.Quotas;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Quotas} in Redis under {@code <prefix>:quota:<key>}: an allowance is a number with a TTL
 * that {@code DECR} keeps; a hit counter (and a plain counter) is {@code INCR} plus a TTL set on
 * the first hit. Both in Lua, so racing instances never take the same use twice. On Redis Cluster
 * the key is {@code <prefix>:quota:{<key up to its last ':'>}:<rest>} ({@link Keys#quota}).
 */
final class RedisQuotas implements Quotas {
  /** KEYS: allowances in order. Decrements the first one above zero; 1 if one was, else 0. */
  private static final LuaScript TAKE =
      new LuaScript(
          """
          for i = 1, #KEYS do
            local v = tonumber(redis.call('GET', KEYS[i]))
            if v and v > 0 then
              redis.call('DECR', KEYS[i])
              return 1
            end
          end
          return 0
          """);

  /** KEYS: counter. ARGV: window in ms. The count after this hit. */
  private static final LuaScript HIT =
      new LuaScript(
          """
          local n = redis.call('INCR', KEYS[1])
          if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
          end
          return n
          """);

  private final Connections connections;
  private final Keys keys;
  private final Duration timeout;

  RedisQuotas(Connections connections, Keys keys, RedisStreamSettings settings) {
    this.connections = connections;
    this.keys = keys;
    this.timeout = settings.commandTimeout();
  }

  private String key(String key) {
    return keys.quota(key);
  }

  @Override
  public Mono<Void> grant(String key, int uses, Duration window) {
    return connections
        .shared()
        .flatMap(
            r -> r.set(key(key), Integer.toString(uses), SetArgs.Builder.px(window.toMillis())))
        .timeout(timeout)
        .then();
  }

  /**
   * One script when the keys share a slot (always on a standalone Redis; on Redis Cluster when they
   * differ only after their last {@code ':'}, see {@link Keys#quota}); otherwise one script per key
   * in order, stopping at the first that gives a use: each step takes at most one use atomically,
   * so at most one is taken, and from a key that had one when asked.
   */
  @Override
  public Mono<Boolean> take(List<String> keys) {
    if (keys.isEmpty()) {
      return Mono.just(false);
    }
    if (!this.keys.sameSlot(keys)) {
      return Flux.fromIterable(keys)
          .concatMap(k -> take(List.of(k)))
          .filter(Boolean::booleanValue)
          .next()
          .defaultIfEmpty(false);
    }
    String[] redisKeys = keys.stream().map(this::key).toArray(String[]::new);
    return connections
        .shared()
        .flatMapMany(r -> TAKE.run(r, ScriptOutputType.INTEGER, redisKeys))
        .next()
        .timeout(timeout)
        .map(n -> ((Long) n) == 1L)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Boolean> hit(String key, int limit, Duration window) {
    return connections
        .shared()
        .flatMapMany(
            r ->
                HIT.run(
                    r,
                    ScriptOutputType.INTEGER,
                    new String[] {key(key)},
                    Long.toString(window.toMillis())))
        .next()
        .timeout(timeout)
        .map(n -> ((Long) n) <= limit);
  }

  @Override
  public Mono<Long> count(String key, Duration window) {
    return connections
        .shared()
        .flatMapMany(
            r ->
                HIT.run(
                    r,
                    ScriptOutputType.INTEGER,
                    new String[] {key(key)},
                    Long.toString(window.toMillis())))
        .next()
        .timeout(timeout)
        .map(n -> (Long) n);
  }

  @Override
  public Mono<Long> counted(String key) {
    return connections
        .shared()
        .flatMap(r -> r.get(key(key)))
        .timeout(timeout)
        .map(Long::parseLong)
        .defaultIfEmpty(0L);
  }
}
