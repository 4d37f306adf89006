package io.salesbot.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.salesbot.core.platform.AccessTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * {@link AccessTokens} in Redis: the token in {@code <prefix>:token:<key>} as {@code
 * <expiresAtMillis> <value>} with a matching TTL, the refresh lock in {@code
 * <prefix>:token-lock:<key>} ({@code SET NX PX}, released only by its owner). The TTL is the time
 * from the adapter's clock to the token's expiry.
 */
final class RedisAccessTokens implements AccessTokens {
  /** KEYS: key. ARGV: value. Deletes the key only while it still holds this token. */
  private static final LuaScript DELETE_IF_TOKEN =
      new LuaScript(
          """
          local v = redis.call('GET', KEYS[1])
          if not v then return 0 end
          local sp = string.find(v, ' ', 1, true)
          if sp and string.sub(v, sp + 1) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
          return 0
          """);

  /** KEYS: lock key. ARGV: owner. Deletes the lock only while this owner holds it. */
  private static final LuaScript UNLOCK =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
          return 0
          """);

  private final Connections connections;
  private final String prefix;
  private final Duration timeout;
  private final Clock clock;

  RedisAccessTokens(Connections connections, RedisStreamSettings settings, Clock clock) {
    this.connections = connections;
    this.prefix = settings.keyPrefix();
    this.timeout = settings.commandTimeout();
    this.clock = clock;
  }

  private String tokenKey(String key) {
    return prefix + ":token:" + key;
  }

  private String lockKey(String key) {
    return prefix + ":token-lock:" + key;
  }

  @Override
  public Mono<Token> get(String key) {
    return connections
        .shared()
        .flatMap(r -> r.get(tokenKey(key)))
        .timeout(timeout)
        .flatMap(
            stored -> {
              int sp = stored.indexOf(' ');
              if (sp <= 0) {
                return Mono.empty();
              }
              try {
                Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(stored.substring(0, sp)));
                return Mono.just(new Token(stored.substring(sp + 1), expiresAt));
              } catch (NumberFormatException e) {
                return Mono.empty();
              }
            });
  }

  @Override
  public Mono<Void> put(String key, Token token) {
    return Mono.defer(
        () -> {
          long ttl = token.expiresAt().toEpochMilli() - clock.millis();
          if (ttl <= 0) {
            return Mono.empty();
          }
          String stored = token.expiresAt().toEpochMilli() + " " + token.value();
          return connections
              .shared()
              .flatMap(r -> r.set(tokenKey(key), stored, SetArgs.Builder.px(ttl)))
              .timeout(timeout)
              .then();
        });
  }

  @Override
  public Mono<Void> invalidate(String key, String value) {
    return connections
        .shared()
        .flatMapMany(
            r ->
                DELETE_IF_TOKEN.run(
                    r, ScriptOutputType.INTEGER, new String[] {tokenKey(key)}, value))
        .timeout(timeout)
        .then();
  }

  @Override
  public Mono<Boolean> tryLock(String key, String owner, Duration ttl) {
    return connections
        .shared()
        .flatMap(r -> r.set(lockKey(key), owner, SetArgs.Builder.nx().px(ttl.toMillis())))
        .timeout(timeout)
        .map("OK"::equalsIgnoreCase)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Void> unlock(String key, String owner) {
    return connections
        .shared()
        .flatMapMany(
            r -> UNLOCK.run(r, ScriptOutputType.INTEGER, new String[] {lockKey(key)}, owner))
        .timeout(timeout)
        .then();
  }
}
