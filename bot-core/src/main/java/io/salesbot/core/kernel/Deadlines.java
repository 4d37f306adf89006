package io.salesbot.core.kernel;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Mono.timeout(Duration)} without its per-subscription cost on hot paths: that operator
 * names its {@code TimeoutException} after the operator chain it guards ({@code
 * FluxTimeout.addNameToTimeoutDescription} walks the chain through {@code Scannable.name()} at
 * every subscription), which showed in the intake's profile. Here the timer is the same ({@code
 * Mono.delay} on {@link Schedulers#parallel()}, as {@code timeout(Duration)} uses), the error a
 * {@link TimeoutException} without the chain's name; callers that care about the message map it to
 * their own.
 */
public final class Deadlines {
  private Deadlines() {}

  /** {@code mono}, or a {@code TimeoutException} when it has not answered within {@code limit}. */
  public static <T> Mono<T> within(Mono<T> mono, Duration limit) {
    // With a fallback, MonoTimeout has no description to name (timeout(Duration) and
    // timeout(Publisher) both have one); the fallback fails as the plain timeout would.
    return mono.timeout(
        Mono.delay(limit, Schedulers.parallel()).onErrorReturn(0L),
        Mono.error(() -> new TimeoutException("no answer within " + limit)));
  }
}
