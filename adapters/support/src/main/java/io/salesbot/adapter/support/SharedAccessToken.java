package io.salesbot.adapter.support;

import io.salesbot.core.platform.AccessTokens;
import io.salesbot.core.platform.AccessTokens.Token;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform access token shared through {@link AccessTokens} (Redis in production), so that all
 * instances use one token and only one of them fetches a new one, under a shared lock. This JVM
 * keeps a near copy until shortly before it expires.
 *
 * <p>Made for WxJava's configuration storages, which drive it: they ask whether the token is
 * expired, take the lock, ask again, fetch and store; on 40001, 40014 or 42001 they expire the
 * token and fetch once more. The WeCom and official-account adapters hand WxJava a {@link #storage}
 * that delegates to it; DingTalk, called without WxJava, takes the same steps through {@link #get}.
 *
 * <p>When the shared store is unreachable the token is still cached in this JVM, so sending keeps
 * working with one token per instance instead of failing.
 */
public final class SharedAccessToken {
  private static final Logger log = LoggerFactory.getLogger(SharedAccessToken.class);

  /** Refresh this long before the platform's expiry. */
  public static final Duration EARLY = Duration.ofMinutes(5);

  static final Duration LOCK_TTL = Duration.ofSeconds(15);
  public static final Duration LOCK_WAIT = Duration.ofSeconds(5);
  static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

  private final AccessTokens tokens;
  private final Clock clock;
  private final String key;
  private final String what;
  private final ReentrantLock local = new ReentrantLock();
  private volatile @Nullable Token near;

  /**
   * @param key the token's name in the shared store, e.g. {@code wecom:<corpId>:<agentId>}
   * @param what the token's owner in log lines, e.g. "WeCom"
   */
  public SharedAccessToken(AccessTokens tokens, Clock clock, String key, String what) {
    this.tokens = tokens;
    this.clock = clock;
    this.key = key;
    this.what = what;
  }

  public String key() {
    return key;
  }

  /** The token this JVM holds, or null. */
  public @Nullable String value() {
    Token t = near;
    return t == null ? null : t.value();
  }

  /** Whether a new token must be fetched: neither this JVM nor the shared store has a live one. */
  public boolean expired() {
    Instant now = clock.instant();
    Token t = near;
    if (t != null && t.expiresAt().isAfter(now)) {
      return false;
    }
    Token shared = null;
    try {
      shared = tokens.get(key).block(STORE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not read the shared {} access token: {}", what, e.toString());
    }
    if (shared != null && shared.expiresAt().isAfter(now)) {
      near = shared;
      return false;
    }
    near = null;
    return true;
  }

  /** Forgets the token here and in the shared store (if it is still the one this JVM had). */
  public void expire() {
    Token t = near;
    if (t != null) {
      expire(t.value());
    }
  }

  /**
   * Forgets {@code value}, a token the platform refused: here if this JVM still holds it, and in
   * the shared store if it is still the shared one.
   */
  public void expire(String value) {
    Token t = near;
    if (t != null && t.value().equals(value)) {
      near = null;
    }
    try {
      tokens.invalidate(key, value).block(STORE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not invalidate the shared {} access token: {}", what, e.toString());
    }
  }

  /** A token just fetched from the platform, valid for {@code expiresInSeconds}. */
  public record Fetched(String value, int expiresInSeconds) {}

  /** Fetches a new token from the platform (blocking). */
  @FunctionalInterface
  public interface Fetch {
    Fetched fetch() throws Exception;
  }

  /**
   * The live token, blocking: this JVM's copy, else the shared one, else one {@code fetch}ed under
   * the shared {@link #lock} and shared — the same steps WxJava takes with a configuration storage
   * (for platforms called without WxJava, such as DingTalk). Call it off the event loop.
   */
  public String get(Fetch fetch) throws Exception {
    String live = expired() ? null : value();
    if (live != null) {
      return live;
    }
    Lock lock = lock();
    lock.lock();
    try {
      live = expired() ? null : value();
      if (live != null) {
        return live;
      }
      Fetched fetched = fetch.fetch();
      update(fetched.value(), fetched.expiresInSeconds());
      return fetched.value();
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a freshly fetched token, shared, until {@link #EARLY} before the platform's expiry. */
  public synchronized void update(String accessToken, int expiresInSeconds) {
    Duration lifetime = Duration.ofSeconds(Math.max(60, expiresInSeconds));
    Duration early = lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? EARLY : lifetime.dividedBy(2);
    Token t = new Token(accessToken, clock.instant().plus(lifetime).minus(early));
    near = t;
    try {
      tokens.put(key, t).block(STORE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not share the {} access token: {}", what, e.toString());
    }
  }

  /**
   * WxJava's configuration storage {@code base} (WeCom's {@code WxCpConfigStorage}, the official
   * account's {@code WxMpConfigStorage}) with its access token kept here: {@code getAccessToken},
   * {@code isAccessTokenExpired}, {@code expireAccessToken}, {@code updateAccessToken} and {@code
   * getAccessTokenLock} come to this object, everything else goes to {@code base}. Matched by name,
   * so that this library needs no WxJava (both storages name these methods alike).
   */
  public <T> T storage(Class<T> storageInterface, T base) {
    InvocationHandler handler =
        (proxy, method, args) ->
            switch (method.getName() + "/" + method.getParameterCount()) {
              case "getAccessToken/0" -> value();
              case "isAccessTokenExpired/0" -> expired();
              case "expireAccessToken/0" -> {
                expire();
                yield null;
              }
              case "getAccessTokenLock/0" -> lock();
              case "updateAccessToken/2" -> {
                update((String) args[0], (Integer) args[1]);
                yield null;
              }
              case "updateAccessToken/1" -> {
                // WxJava's WxAccessToken, read by its two getters.
                Object t = args[0];
                update(
                    (String) t.getClass().getMethod("getAccessToken").invoke(t),
                    (Integer) t.getClass().getMethod("getExpiresIn").invoke(t));
                yield null;
              }
              default -> {
                try {
                  yield method.invoke(base, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }
            };
    return storageInterface.cast(
        Proxy.newProxyInstance(
            storageInterface.getClassLoader(), new Class<?>[] {storageInterface}, handler));
  }

  /** A lock around one refresh: this JVM's lock, then the shared one. */
  public Lock lock() {
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
          log.warn("could not take the {} token lock: {}", what, e.toString());
          return;
        }
        if (System.nanoTime() > deadline) {
          log.warn("waited {} for the {} token lock; refreshing anyway", LOCK_WAIT, what);
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
        log.warn("could not release the {} token lock: {}", what, e.toString());
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
