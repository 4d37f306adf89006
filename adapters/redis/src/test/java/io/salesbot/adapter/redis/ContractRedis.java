package io.salesbot.adapter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.Executions;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the {@code Redis*ContractTest}s share: one client per test JVM of the embedded server
 * ({@link #single()}) or of the embedded sharded cluster ({@link #cluster()}, for the {@code
 * Redis*ClusterContractTest}s), and time passing in Redis without waiting for it.
 */
final class ContractRedis {
  /**
   * Ages every key with a TTL by ARGV[1] milliseconds: deletes it when its TTL is no longer, else
   * shortens the TTL. Keys without a TTL stay. On a cluster, run on every master.
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

  /** Empties the database (a script, so that it runs on every master like {@link #AGE}). */
  private static final String FLUSH = "redis.call('FLUSHALL') return 1";

  private final AbstractRedisClient client;
  private final RedisClusterCommands<String, String> redis;
  private final Consumer<String> onEveryMaster;

  /** {@code onEveryMaster}: runs a Lua script without keys on every master (as they are now). */
  private ContractRedis(
      AbstractRedisClient client,
      RedisClusterCommands<String, String> redis,
      Consumer<String> onEveryMaster) {
    this.client = client;
    this.redis = redis;
    this.onEveryMaster = onEveryMaster;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)),
                "contract-redis-client-stop"));
  }

  /** The embedded standalone server. */
  static ContractRedis single() {
    return Single.REDIS;
  }

  /** The embedded sharded cluster (three masters with a replica each). */
  static ContractRedis cluster() {
    return Cluster.REDIS;
  }

  /** A flushed database and a new adapter on it; close the adapter after the test. */
  RedisAdapter freshAdapter(Clock clock) {
    onEveryMaster.accept(FLUSH);
    return new RedisAdapter(client, RedisTestBase.settings("contract"), clock);
  }

  /** Commands on the server, or routed to the right shard of the cluster. */
  RedisClusterCommands<String, String> redis() {
    return redis;
  }

  /**
   * Makes {@code d} pass for what Redis holds: every TTL is {@code d} shorter, and what would have
   * expired meanwhile is gone, as if Redis had waited. Use it together with the adapter's clock.
   */
  void age(Duration d) {
    onEveryMaster.accept(AGE.replace("tonumber(ARGV[1])", Long.toString(d.toMillis())));
  }

  private static final class Single {
    static final ContractRedis REDIS = start();

    private static ContractRedis start() {
      RedisClient client =
          RedisAdapter.createClient(
              RedisURI.create(EmbeddedRedis.shared().uri()), RedisTestBase.settings("contract"));
      RedisClusterCommands<String, String> redis = client.connect().sync();
      return new ContractRedis(
          client, redis, script -> redis.eval(script, ScriptOutputType.INTEGER, new String[0]));
    }
  }

  private static final class Cluster {
    static final ContractRedis REDIS = start();

    private static ContractRedis start() {
      RedisClusterClient client =
          RedisAdapter.createClusterClient(
              EmbeddedRedisCluster.shared().seeds(),
              RedisTestBase.settings("contract"),
              Duration.ofSeconds(5));
      RedisAdvancedClusterCommands<String, String> redis = client.connect().sync();
      return new ContractRedis(
          client,
          redis,
          script -> {
            // the cluster may have failed over since (RedisClusterFailoverTest): a settled view
            EmbeddedRedisCluster.await(
                "the cluster to be ready", EmbeddedRedisCluster.shared()::ready);
            client.refreshPartitions();
            Executions<Object> done =
                redis.upstream().commands().eval(script, ScriptOutputType.INTEGER, new String[0]);
            if (done.nodes().size() != EmbeddedRedisCluster.MASTERS) {
              throw new IllegalStateException("the cluster has not three masters: " + done.nodes());
            }
          });
    }
  }
}
