package io.salesbot.adapter.redis;

import io.lettuce.core.SetArgs;
import io.salesbot.core.kernel.Once;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * {@link Once} in Redis under {@code <prefix>:once:<key>}: the holder's name, set with {@code SET
 * NX PX} (one instance wins), then read back when it was there already (the same holder may go on).
 * The mark is never changed once set, so the read needs no script.
 */
final class RedisOnce implements Once {
  private final Connections connections;
  private final String prefix;
  private final Duration timeout;

  RedisOnce(Connections connections, RedisStreamSettings settings) {
    this.connections = connections;
    this.prefix = settings.keyPrefix();
    this.timeout = settings.commandTimeout();
  }

  @Override
  public Mono<Boolean> claim(String key, String holder, Duration ttl) {
    String redisKey = prefix + ":once:" + key;
    return connections
        .shared()
        .flatMap(
            r ->
                r.set(redisKey, holder, SetArgs.Builder.nx().px(ttl.toMillis()))
                    .map("OK"::equals)
                    .defaultIfEmpty(false)
                    .flatMap(
                        set ->
                            set
                                ? Mono.just(true)
                                : r.get(redisKey).map(holder::equals).defaultIfEmpty(false)))
        .timeout(timeout);
  }
}
