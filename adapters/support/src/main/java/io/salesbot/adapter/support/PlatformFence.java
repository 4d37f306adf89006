package io.salesbot.adapter.support;

import static io.salesbot.core.platform.DeliverOutbound.BULKHEAD_FULL;
import static io.salesbot.core.platform.DeliverOutbound.CIRCUIT_OPEN;
import static io.salesbot.core.platform.DeliverOutbound.TIMEOUT;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.salesbot.core.platform.ChatDeliveryException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The fence around a chat platform's API, written once for WeCom, the official account and
 * DingTalk: every blocking SDK or HTTP call runs on {@code boundedElastic}, within an optional call
 * timeout, behind one bulkhead, circuit breaker and retry per platform. Failures become {@link
 * ChatDeliveryException}s through the adapter's {@code translate} (its error codes → retryable or
 * not, see {@link PlatformErrors#translate}); the fence's own refusals use the codes {@code
 * circuit-open}, {@code bulkhead-full} and {@code timeout}, all retryable, which {@code
 * DeliverOutbound} reads as "the platform cannot be reached now". The circuit breaker counts
 * retryable failures only; the retry tries them again with exponential, jittered back-off, except
 * an open circuit (the outbox waits instead).
 */
public final class PlatformFence {
  /** How wide and how patient the fence is. */
  public record Limits(
      int maxConcurrentCalls, Duration circuitOpenFor, int retryAttempts, Duration retryBackoff) {}

  private final String platform;
  private final Bulkhead bulkhead;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;

  /**
   * @param platform the platform's id, in errors and in the fences' names
   * @param ignored failures that say nothing about the platform's health (e.g. our own send budget
   *     ran out): the circuit breaker neither counts them as failures nor as successes
   */
  public PlatformFence(String platform, Limits limits, Predicate<Throwable> ignored) {
    this.platform = platform;
    this.bulkhead =
        Bulkhead.of(
            platform,
            BulkheadConfig.custom()
                .maxConcurrentCalls(limits.maxConcurrentCalls())
                .maxWaitDuration(Duration.ofSeconds(2))
                .build());
    this.circuitBreaker =
        CircuitBreaker.of(
            platform,
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(limits.circuitOpenFor())
                .recordException(e -> PlatformErrors.isRetryable(e) && !ignored.test(e))
                .ignoreException(ignored::test)
                .build());
    this.retry =
        Retry.of(
            platform,
            RetryConfig.custom()
                .maxAttempts(limits.retryAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(limits.retryBackoff(), 2.0, 0.5))
                .retryOnException(PlatformErrors::isRetryable)
                .build());
  }

  /** A fence whose circuit breaker counts every retryable failure. */
  public PlatformFence(String platform, Limits limits) {
    this(platform, limits, e -> false);
  }

  /**
   * True while the circuit breaker is open (or forced open): calls are refused with {@code
   * circuit-open} without reaching the platform. Half-open (trying again) counts as not open.
   */
  public boolean circuitOpen() {
    CircuitBreaker.State state = circuitBreaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * One blocking call, fenced: {@link #blocking} within {@link #fenced}.
   *
   * @param timeout give the call up after this long ({@code timeout}, retryable), or null
   */
  public <T> Mono<T> call(
      Callable<T> call,
      @Nullable Duration timeout,
      Function<Throwable, ChatDeliveryException> translate) {
    return fenced(Mono.empty(), blocking(call, timeout, translate));
  }

  /**
   * One blocking call on {@code boundedElastic}, not yet fenced (for calls that need more around
   * them, such as an access token): a {@link ChatDeliveryException} passes, a timeout becomes
   * {@code timeout} (the platform may or may not have acted on it: the command is tried again, at
   * least once), anything else goes through {@code translate}.
   */
  public <T> Mono<T> blocking(
      Callable<T> call,
      @Nullable Duration timeout,
      Function<Throwable, ChatDeliveryException> translate) {
    Mono<T> once = Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    if (timeout != null) {
      once = once.timeout(timeout);
    }
    return once.onErrorMap(
        e -> !(e instanceof ChatDeliveryException),
        e ->
            e instanceof TimeoutException
                ? new ChatDeliveryException(platform, TIMEOUT, "no answer in time", true)
                : translate.apply(e));
  }

  /**
   * {@code once} behind the bulkhead, circuit breaker and retry, after {@code first} (e.g. a slot
   * of a QPS budget): waiting for {@code first} holds no bulkhead permit, and each attempt waits
   * for it again.
   */
  public <T> Mono<T> fenced(Mono<?> first, Mono<T> once) {
    return Mono.defer(
            () ->
                first.then(
                    Mono.defer(
                        () -> {
                          // A stale interrupt (Reactor interrupts a worker whose task a timeout
                          // cancelled; one can land after that task) must not fail the next call
                          // while it waits for a bulkhead permit: nothing here is cancelled by
                          // interrupts, cancellation is Reactor's.
                          Thread.interrupted();
                          return once.transformDeferred(BulkheadOperator.of(bulkhead));
                        })))
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .onErrorMap(CallNotPermittedException.class, e -> unavailable(CIRCUIT_OPEN, e))
        .onErrorMap(BulkheadFullException.class, e -> unavailable(BULKHEAD_FULL, e))
        .transformDeferred(RetryOperator.of(retry));
  }

  private ChatDeliveryException unavailable(String code, Throwable e) {
    return new ChatDeliveryException(platform, code, String.valueOf(e.getMessage()), true);
  }
}
