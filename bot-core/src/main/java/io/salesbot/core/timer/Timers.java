package io.salesbot.core.timer;

import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable timers shared by every instance (PostgreSQL). A due timer is leased to one caller at a
 * time; it is deleted when its handler finished, and comes back after the lease when the caller
 * died or failed, so each timer's work is done once however many instances poll.
 */
public interface Timers {
  /** Stores a timer; a timer with the same id is stored once (the first one wins). */
  Mono<Void> schedule(Timer timer);

  /**
   * Stores several timers as {@link #schedule} would, one after the other (of two with one id, the
   * first wins, also within the list). A store may do it in one round trip; when it fails, it may
   * have stored some of them, and scheduling them all again is harmless.
   */
  default Mono<Void> scheduleAll(List<Timer> timers) {
    return Flux.fromIterable(timers).concatMap(this::schedule).then();
  }

  /**
   * Leases up to {@code limit} timers due at {@code now} that nobody holds, oldest first, for
   * {@code lease}. Two concurrent callers never get the same timer.
   */
  Flux<Timer> claimDue(Instant now, int limit, Duration lease);

  /** Removes a timer whose work is done. */
  Mono<Void> done(String timerId);

  /**
   * When the earliest timer that is due at {@code now} and not done yet was due, leased or not;
   * empty when none is due. {@code now} minus this is how far the pollers lag behind (ops alerts).
   */
  Mono<Instant> earliestDue(Instant now);
}
