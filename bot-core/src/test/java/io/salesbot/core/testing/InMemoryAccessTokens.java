package io.salesbot.core.testing;

import io.salesbot.core.platform.AccessTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * {@link AccessTokens} in memory, expiring tokens and locks by the given clock as Redis does by its
 * TTLs: a token already expired when stored is not stored. Counts stores.
 */
public final class InMemoryAccessTokens implements AccessTokens {
  private record Lock(String owner, Instant until) {}

  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Lock> locks = new ConcurrentHashMap<>();
  private final AtomicInteger puts = new AtomicInteger();
  private final Clock clock;

  /**
   * Time stands still at the epoch: tokens and locks never expire by themselves, whatever clock the
   * code under test uses.
   */
  public InMemoryAccessTokens() {
    this(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  public InMemoryAccessTokens(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Token> get(String key) {
    return Mono.fromSupplier(
        () ->
            tokens.computeIfPresent(
                key, (k, t) -> t.expiresAt().isAfter(clock.instant()) ? t : null));
  }

  @Override
  public Mono<Void> put(String key, Token token) {
    return Mono.fromRunnable(
        () -> {
          if (token.expiresAt().isAfter(clock.instant())) {
            puts.incrementAndGet();
            tokens.put(key, token);
          }
        });
  }

  @Override
  public Mono<Void> invalidate(String key, String value) {
    return Mono.fromRunnable(
        () -> tokens.computeIfPresent(key, (k, t) -> t.value().equals(value) ? null : t));
  }

  @Override
  public Mono<Boolean> tryLock(String key, String owner, Duration ttl) {
    return Mono.fromSupplier(
        () -> {
          Instant now = clock.instant();
          Lock mine = new Lock(owner, now.plus(ttl));
          return locks.compute(
                  key, (k, held) -> held != null && held.until().isAfter(now) ? held : mine)
              == mine;
        });
  }

  @Override
  public Mono<Void> unlock(String key, String owner) {
    return Mono.fromRunnable(
        () ->
            locks.computeIfPresent(
                key,
                (k, held) ->
                    held.owner().equals(owner) && held.until().isAfter(clock.instant())
                        ? null
                        : held));
  }

  /** How many tokens were stored: one per fetch from the platform. */
  public int puts() {
    return puts.get();
  }
}
