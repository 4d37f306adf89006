package io.salesbot.adapter.wecom;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.AccessTokens.Token;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import me.chanjar.weixin.common.bean.WxAccessToken;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WxJava's configuration storage with the access token shared through {@link AccessTokens} (Redis
 * in production), so that all instances use one token and only one of them fetches a new one, under
 * a shared lock. This JVM keeps a near copy until shortly before it expires. WxJava drives it: it
 * asks whether the token is expired, takes the lock, asks again, fetches and stores; on 40001,
 * 40014 or 42001 it expires the token and fetches once more.
 *
 * <p>When the shared store is unreachable the token is still cached in this JVM, so sending keeps
 * working with one token per instance instead of failing.
 */
final class SharedTokenStorage extends WxCpDefaultConfigImpl {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SharedTokenStorage.class);

  /** Refresh this long before WeCom's expiry. */
  static final Duration EARLY = Duration.ofMinutes(5);

  static final Duration LOCK_TTL = Duration.ofSeconds(15);
  static final Duration LOCK_WAIT = Duration.ofSeconds(5);
  static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

  private final transient AccessTokens tokens;
  private final transient Clock clock;
  private final String key;
  private final transient ReentrantLock local = new ReentrantLock();
  private transient volatile @Nullable Token near;

  SharedTokenStorage(AccessTokens tokens, Clock clock, String corpId, int agentId) {
    this.tokens = tokens;
    this.clock = clock;
    this.key = "wecom:" + corpId + ":" + agentId;
  }

  String key() {
    return key;
  }

  @Override
  public String getAccessToken() {
    Token t = near;
    return t == null ? null : t.value();
  }

  @Override
  public boolean isAccessTokenExpired() {
    Instant now = clock.instant();
    Token t = near;
    if (t != null && t.expiresAt().isAfter(now)) {
      return false;
    }
    Token shared = null;
    try {
      shared = tokens.get(key).block(STORE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not read the shared WeCom access token: {}", e.toString());
    }
    if (shared != null && shared.expiresAt().isAfter(now)) {
      near = shared;
      return false;
    }
    near = null;
    return true;
  }

  @Override
  public void expireAccessToken() {
    Token t = near;
    near = null;
    if (t != null) {
      try {
        tokens.invalidate(key, t.value()).block(STORE_TIMEOUT);
      } catch (RuntimeException e) {
        log.warn("could not invalidate the shared WeCom access token: {}", e.toString());
      }
    }
  }

  @Override
  public synchronized void updateAccessToken(WxAccessToken accessToken) {
    updateAccessToken(accessToken.getAccessToken(), accessToken.getExpiresIn());
  }

  @Override
  public synchronized void updateAccessToken(String accessToken, int expiresInSeconds) {
    Duration lifetime = Duration.ofSeconds(Math.max(60, expiresInSeconds));
    Duration early = lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : lifetime.dividedBy(2);
    Token t = new Token(accessToken, clock.instant().plus(lifetime).minus(early));
    near = t;
    try {
      tokens.put(key, t).block(STORE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not share the WeCom access token: {}", e.toString());
    }
  }

  @Override
  public Lock getAccessTokenLock() {
    return new SharedLock();
  }

  /**
   * This JVM's lock first, then the shared one. If the shared lock cannot be had within {@link
   * #LOCK_WAIT} (its holder died, the store is down), the refresh goes ahead anyway: two fetches
   * are better than none.
   */
  private final class SharedLock implements Lock {
    private final String owner = UUID.randomUUID().toString();
    private boolean shared;

    @Override
    public void lock() {
      local.lock();
      long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
      while (true) {
        try {
          if (Boolean.TRUE.equals(tokens.tryLock(key, owner, LOCK_TTL).block(STORE_TIMEOUT))) {
            shared = true;
            return;
          }
        } catch (RuntimeException e) {
          log.warn("could not take the WeCom token lock: {}", e.toString());
          return;
        }
        if (System.nanoTime() > deadline) {
          log.warn("waited {} for the WeCom token lock; refreshing anyway", LOCK_WAIT);
          return;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void unlock() {
      try {
        if (shared) {
          shared = false;
          tokens.unlock(key, owner).block(STORE_TIMEOUT);
        }
      } catch (RuntimeException e) {
        log.warn("could not release the WeCom token lock: {}", e.toString());
      } finally {
        local.unlock();
      }
    }

    @Override
    public void lockInterruptibly() {
      lock();
    }

    @Override
    public boolean tryLock() {
      lock();
      return true;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) {
      lock();
      return true;
    }

    @Override
    public Condition newCondition() {
      throw new UnsupportedOperationException("a lock shared through Redis has no conditions");
    }
  }
}
