package io.salesbot.adapter.wechatmp;

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
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WxJava mp's configuration with the access token shared through {@link AccessTokens} ({@code
 * wechat-mp:<appId>}, Redis in production): one token for all instances, fetched by one of them
 * under a shared lock, with a near copy in this JVM until shortly before it expires. When the
 * shared store is unreachable the token is kept in this JVM only, so sending still works.
 */
final class SharedTokenStorage extends WxMpDefaultConfigImpl {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SharedTokenStorage.class);

  static final Duration EARLY = Duration.ofMinutes(5);
  static final Duration LOCK_TTL = Duration.ofSeconds(15);
  static final Duration LOCK_WAIT = Duration.ofSeconds(5);
  static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

  private final transient AccessTokens tokens;
  private final transient Clock clock;
  private final String key;
  private final transient ReentrantLock local = new ReentrantLock();
  private transient volatile @Nullable Token near;

  SharedTokenStorage(AccessTokens tokens, Clock clock, String appId) {
    this.tokens = tokens;
    this.clock = clock;
    this.key = "wechat-mp:" + appId;
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
      log.warn("could not read the shared official-account access token: {}", e.toString());
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
        log.warn("could not invalidate the shared official-account token: {}", e.toString());
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
      log.warn("could not share the official-account access token: {}", e.toString());
    }
  }

  @Override
  public Lock getAccessTokenLock() {
    return new SharedLock();
  }

  /**
   * This JVM's lock, then the shared one; if the shared lock cannot be had within {@link
   * #LOCK_WAIT}, the refresh goes ahead anyway (two fetches are better than none).
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
          log.warn("could not take the official-account token lock: {}", e.toString());
          return;
        }
        if (System.nanoTime() > deadline) {
          log.warn("waited {} for the official-account token lock; refreshing anyway", LOCK_WAIT);
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
        log.warn("could not release the official-account token lock: {}", e.toString());
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
