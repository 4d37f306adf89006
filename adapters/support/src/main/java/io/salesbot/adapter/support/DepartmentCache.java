package io.salesbot.adapter.support;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.salesbot.core.team.DirectorySource.Department;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The caching half of a platform's directory source (WeCom's 通讯录, DingTalk's org): departments read
 * through {@code read} are kept per id with Caffeine for the refresh interval, so that teams naming
 * the same department and refreshes that follow each other closely cost one read; a failed read is
 * never kept. A directory-change callback calls {@link #changed}, which empties the cache and tells
 * the listeners (the server re-reads its teams at once).
 */
public final class DepartmentCache {
  private static final Logger log = LoggerFactory.getLogger(DepartmentCache.class);

  private final String platformName;
  private final Function<String, Mono<Department>> read;
  private final AsyncCache<String, Optional<Department>> cache;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private static final Duration NOTE_EVERY = Duration.ofMinutes(1);
  private static final long NEVER = Long.MIN_VALUE;
  private final AtomicLong lastNote = new AtomicLong(NEVER);
  private final AtomicLong changesSinceNote = new AtomicLong();

  /**
   * @param platformName the platform in messages, e.g. "WeCom"
   * @param read reads one department from the platform; empty when it does not exist
   */
  public DepartmentCache(
      String platformName, Duration ttl, Function<String, Mono<Department>> read) {
    this.platformName = platformName;
    this.read = read;
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).buildAsync();
  }

  /** Keeps answers this long from now on (the server sets its refresh interval). */
  public void ttl(Duration ttl) {
    cache.synchronous().policy().expireAfterWrite().ifPresent(p -> p.setExpiresAfter(ttl));
  }

  /** The department, from the cache or read now; department ids are numbers on both platforms. */
  public Mono<Department> department(String departmentId) {
    if (departmentId.isEmpty() || !departmentId.chars().allMatch(Character::isDigit)) {
      return Mono.error(
          new IllegalArgumentException(
              platformName + " department ids are numbers, got '" + departmentId + "'"));
    }
    return Mono.defer(
        () -> {
          CompletableFuture<Optional<Department>> answer =
              cache.get(
                  departmentId,
                  (id, executor) ->
                      read.apply(id).map(Optional::of).defaultIfEmpty(Optional.empty()).toFuture());
          // A failure is never kept: the next caller asks the platform again.
          return Mono.fromFuture(answer, true)
              .doOnError(e -> cache.asMap().remove(departmentId, answer))
              .flatMap(Mono::justOrEmpty);
        });
  }

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * The directory changed ({@code what} says how, for the log): forget every cached department and
   * tell the listeners. Only the instance that heard the callback does this; the others catch up on
   * their schedule.
   */
  public void changed(String what) {
    long now = System.nanoTime();
    long last = lastNote.get();
    long unnoted = changesSinceNote.incrementAndGet();
    if ((last == NEVER || now - last >= NOTE_EVERY.toNanos())
        && lastNote.compareAndSet(last, now)) {
      changesSinceNote.addAndGet(-unnoted);
      // An HR import can send thousands of change events: one line a minute says enough.
      log.info(
          "{} directory changed ({}{}); re-reading departments",
          platformName,
          what,
          unnoted > 1 ? ", and " + (unnoted - 1) + " more changes since the last note" : "");
    }
    cache.synchronous().invalidateAll();
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("a directory listener failed: {}", e.toString());
      }
    }
  }
}
