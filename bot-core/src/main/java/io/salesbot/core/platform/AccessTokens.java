package io.salesbot.core.platform;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Platform access tokens shared by all instances (WeCom's {@code access_token}: 7200 s, and
 * fetching one per call gets throttled). One instance refreshes a token while holding a short,
 * shared lock; the others wait for it and reuse the result.
 */
public interface AccessTokens {
  /** A token and when to stop using it. */
  record Token(String value, Instant expiresAt) {}

  /** The cached token of {@code key} (e.g. {@code wecom:<corpId>:<agentId>}), if any. */
  Mono<Token> get(String key);

  /** Caches a token until its {@code expiresAt}. */
  Mono<Void> put(String key, Token token);

  /**
   * Drops the cached token of {@code key} if it is still {@code value} (the platform said it is
   * invalid or expired); a newer token another instance stored meanwhile is kept.
   */
  Mono<Void> invalidate(String key, String value);

  /**
   * Tries to take the refresh lock of {@code key} for at most {@code ttl}.
   *
   * @return true when {@code owner} now holds it
   */
  Mono<Boolean> tryLock(String key, String owner, Duration ttl);

  /** Releases the refresh lock if {@code owner} still holds it. */
  Mono<Void> unlock(String key, String owner);
}
