package io.salesbot.core.timer;

import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Fires due timers: leases them, runs each kind's handler, and removes the timer once the handler
 * finished. A failing handler leaves its timer to be retried when the lease ends.
 */
public final class FireTimers {
  private static final System.Logger LOG = System.getLogger(FireTimers.class.getName());

  /** Longer than any handler may take, so a timer is never leased twice while in work. */
  public static final Duration LEASE = Duration.ofSeconds(60);

  private static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(20);

  private final Timers timers;
  private final TimerKinds kinds;
  private final Clock clock;

  public FireTimers(Timers timers, TimerKinds kinds, Clock clock) {
    this.timers = timers;
    this.kinds = kinds;
    this.clock = clock;
  }

  /** One round: fires up to {@code limit} due timers; the count of those done. */
  public Mono<Integer> fireDue(int limit) {
    return timers
        .claimDue(clock.instant(), limit, LEASE)
        .flatMap(this::fire, 16)
        .reduce(0, (n, ok) -> ok ? n + 1 : n);
  }

  private Mono<Boolean> fire(Timer timer) {
    TimerHandler handler = kinds.handler(timer.kind()).orElse(null);
    if (handler == null) {
      LOG.log(
          System.Logger.Level.WARNING,
          "dropping timer {0} of unknown kind {1}",
          timer.id(),
          timer.kind());
      return timers.done(timer.id()).thenReturn(false);
    }
    return Mono.defer(() -> handler.fire(timer))
        .timeout(HANDLER_TIMEOUT)
        .then(timers.done(timer.id()))
        .thenReturn(true)
        .onErrorResume(
            e -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "timer " + timer.id() + " failed; retried after its lease: " + e,
                  e);
              return Mono.just(false);
            });
  }
}
