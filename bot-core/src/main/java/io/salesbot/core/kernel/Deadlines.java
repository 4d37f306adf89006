package io.salesbot.core.kernel;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Mono.timeout(Duration)} without its per-subscription cost on hot paths: that operator
 * names its {@code TimeoutException} after the operator chain it guards ({@code
 * FluxTimeout.addNameToTimeoutDescription} walks the chain through {@code Scannable.name()} at
 * every subscription), which showed in the intake's profile. Here the timer is the same ({@code
 * Mono.delay} on {@link Schedulers#parallel()}, as {@code timeout(Duration)} uses), the error a
 * {@link java.util.concurrent.TimeoutException} without the chain's name; callers that care about
 * the message map it to their own.
 */
public final class Deadlines {
  private Deadlines() {}

  /** {@code mono}, or a {@code TimeoutException} when it has not answered within {@code limit}. */
  public static <T> Mono<T> within(Mono<T> mono, Duration limit) {
    return mono.timeout(Mono.delay(limit, Schedulers.parallel()).onErrorReturn(0L));
  }
}
