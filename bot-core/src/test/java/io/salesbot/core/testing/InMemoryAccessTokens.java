package io.salesbot.core.testing;

import io.salesbot.core.platform.AccessTokens;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** {@link AccessTokens} in memory; the lock never expires by itself. Counts stores. */
public final class InMemoryAccessTokens implements AccessTokens {
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> locks = new ConcurrentHashMap<>();
  private final AtomicInteger puts = new AtomicInteger();

  @Override
  public Mono<Token> get(String key) {
    return Mono.fromSupplier(() -> tokens.get(key));
  }

  @Override
  public Mono<Void> put(String key, Token token) {
    return Mono.fromRunnable(
        () -> {
          puts.incrementAndGet();
          tokens.put(key, token);
        });
  }

  @Override
  public Mono<Void> invalidate(String key, String value) {
    return Mono.fromRunnable(
        () -> tokens.computeIfPresent(key, (k, t) -> t.value().equals(value) ? null : t));
  }

  @Override
  public Mono<Boolean> tryLock(String key, String owner, Duration ttl) {
    return Mono.fromSupplier(() -> locks.putIfAbsent(key, owner) == null);
  }

  @Override
  public Mono<Void> unlock(String key, String owner) {
    return Mono.fromRunnable(() -> locks.remove(key, owner));
  }

  /** How many tokens were stored: one per fetch from the platform. */
  public int puts() {
    return puts.get();
  }
}
