package io.salesbot.adapter.redis;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.salesbot.core.platform.SendBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link SendBudgets} in Redis with Bucket4j: one Bucket4j bucket per {@link Budget} under {@code
 * <prefix>:budget:<key>:<rates hash>}, with one greedy bandwidth per {@link Rate} (capacity =
 * burst, refilled smoothly by {@code refill} per {@code period}). Bucket4j's compare-and-swap Lua
 * keeps each bucket exact across instances; the state expires once the bucket would be full again.
 *
 * <p><b>All or none across buckets.</b> Bucket4j changes one bucket at a time, so {@link #take}
 * takes from the buckets in the order given and, when one refuses, gives the tokens already taken
 * back ({@code addTokens}, which never fills a bucket above its capacity). We chose this over
 * "probe every bucket, then consume": a probe is stale as soon as it returns, so two instances
 * could both see room and both consume past a limit. Taking first can only err the other way: for
 * the few milliseconds until the refund, a racing sender may be refused although the budget had
 * room; it waits and tries again. A refund that fails (Redis gone mid-way) loses tokens, again on
 * the safe side. Callers put the bucket most likely to refuse (a recipient's) first, so that a
 * refusal rarely has anything to give back.
 *
 * <p>Time comes from a {@link Clock} (Bucket4j's client-side clock), so tests can move it; in
 * production all instances' clocks must be roughly in step (NTP), as for every timer.
 */
final class RedisSendBudgets implements SendBudgets {
  /** How long a bucket's state stays in Redis after it would be full again. */
  private static final Duration KEEP_WHEN_FULL = Duration.ofMinutes(1);

  private final Connections connections;
  private final Keys keys;
  private final Duration timeout;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile @Nullable AsyncProxyManager<String> proxies;

  RedisSendBudgets(Connections connections, Keys keys, Duration timeout, Clock clock) {
    this.connections = connections;
    this.keys = keys;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public Mono<Duration> take(List<Budget> budgets, long tokens) {
    if (tokens < 1) {
      return Mono.error(new IllegalArgumentException("tokens must be at least 1, got " + tokens));
    }
    if (budgets.isEmpty()) {
      return Mono.just(Duration.ZERO);
    }
    return proxies()
        .flatMap(p -> takeFrom(p, budgets, 0, tokens, new ArrayList<>()))
        .timeout(timeout.multipliedBy(budgets.size() * 2L))
        .onErrorMap(
            TimeoutException.class,
            e -> new RedisCommandTimeoutException("Redis did not answer within " + timeout));
  }

  private Mono<Duration> takeFrom(
      AsyncProxyManager<String> p,
      List<Budget> budgets,
      int index,
      long tokens,
      List<AsyncBucketProxy> taken) {
    if (index == budgets.size()) {
      return Mono.just(Duration.ZERO);
    }
    AsyncBucketProxy bucket = bucket(p, budgets.get(index));
    return Mono.fromFuture(() -> bucket.tryConsumeAndReturnRemaining(tokens))
        .flatMap(
            (ConsumptionProbe probe) -> {
              if (probe.isConsumed()) {
                taken.add(bucket);
                return takeFrom(p, budgets, index + 1, tokens, taken);
              }
              Duration wait =
                  Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1_000_000L));
              return Flux.fromIterable(taken)
                  .concatMap(b -> Mono.fromFuture(() -> b.addTokens(tokens)))
                  .then(Mono.just(wait));
            });
  }

  private AsyncBucketProxy bucket(AsyncProxyManager<String> p, Budget budget) {
    BucketConfiguration config = configuration(budget.rates());
    return p.builder()
        .build(
            keys.budget(budget.key() + ":" + version(budget.rates())),
            () -> CompletableFuture.completedFuture(config));
  }

  static BucketConfiguration configuration(List<Rate> rates) {
    var builder = BucketConfiguration.builder();
    for (Rate rate : rates) {
      builder.addLimit(
          Bandwidth.builder()
              .capacity(rate.burst())
              .refillGreedy(rate.refill(), rate.period())
              .initialTokens(rate.burst())
              .build());
    }
    return builder.build();
  }

  /**
   * Names the rates in the bucket's key, so that a changed limit (more licensed seats, say) starts
   * a bucket of its own instead of being ignored: Bucket4j replaces a stored configuration only for
   * a higher version number, and a lower limit has no natural higher number. The new bucket starts
   * full, so on the day of a change up to one burst more may go out; limits change rarely.
   */
  static String version(List<Rate> rates) {
    StringBuilder sb = new StringBuilder();
    for (Rate r : rates) {
      sb.append(r.burst())
          .append('/')
          .append(r.refill())
          .append('/')
          .append(r.period())
          .append(';');
    }
    return Integer.toHexString(sb.toString().hashCode());
  }

  private Mono<AsyncProxyManager<String>> proxies() {
    AsyncProxyManager<String> p = proxies;
    if (p != null) {
      return Mono.just(p);
    }
    return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
  }

  private AsyncProxyManager<String> connect() {
    synchronized (lock) {
      AsyncProxyManager<String> p = proxies;
      if (p == null) {
        StatefulConnection<String, byte[]> c = connections.openBinary();
        var builder =
            c instanceof StatefulRedisClusterConnection<String, byte[]> cluster
                ? Bucket4jLettuce.casBasedBuilder(cluster)
                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) c);
        p =
            builder
                .clientClock(new ClockTimeMeter(clock))
                .requestTimeout(timeout)
                .expirationAfterWrite(
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        KEEP_WHEN_FULL))
                .build()
                .asAsync();
        proxies = p;
      }
      return p;
    }
  }

  /** Bucket4j's time source from a {@link Clock}. */
  record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
