package io.salesbot.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;

/**
 * What the {@code Redis*ContractTest}s share: one client of the embedded server per test JVM, and
 * time passing in Redis without waiting for it.
 */
final class ContractRedis {
  /**
   * Ages every key with a TTL by ARGV[1] milliseconds: deletes it when its TTL is no longer, else
   * shortens the TTL. Keys without a TTL stay.
   */
  private static final String AGE =
      """
      local d = tonumber(ARGV[1])
      local n = 0
      for _, k in ipairs(redis.call('KEYS', '*')) do
        local ttl = redis.call('PTTL', k)
        if ttl > 0 then
          if ttl <= d then redis.call('DEL', k) else redis.call('PEXPIRE', k, ttl - d) end
          n = n + 1
        end
      end
      return n
      """;

  private ContractRedis() {}

  /** A flushed database and a new adapter on it; close the adapter after the test. */
  static RedisAdapter freshAdapter(Clock clock) {
    Holder.REDIS.flushall();
    return new RedisAdapter(Holder.CLIENT, RedisTestBase.settings("contract"), clock);
  }

  static RedisCommands<String, String> redis() {
    return Holder.REDIS;
  }

  /**
   * Makes {@code d} pass for what Redis holds: every TTL is {@code d} shorter, and what would have
   * expired meanwhile is gone, as if Redis had waited. Use it together with the adapter's clock.
   */
  static void age(Duration d) {
    Holder.REDIS.eval(AGE, ScriptOutputType.INTEGER, new String[0], Long.toString(d.toMillis()));
  }

  private static final class Holder {
    static final RedisClient CLIENT =
        RedisAdapter.createClient(
            RedisURI.create(EmbeddedRedis.shared().uri()), RedisTestBase.settings("contract"));
    static final RedisCommands<String, String> REDIS = CLIENT.connect().sync();

    static {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> CLIENT.shutdown(Duration.ZERO, Duration.ofSeconds(2)),
                  "contract-redis-client-stop"));
    }
  }
}
