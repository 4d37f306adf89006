package io.salesbot.adapter.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The embedded sharded cluster of this JVM, emptied, with a cluster client and an adapter on it per
 * test ({@link #start}); both closed after the test.
 */
abstract class RedisClusterTestBase {
  final EmbeddedRedisCluster cluster = EmbeddedRedisCluster.shared();
  RedisClusterClient client;
  RedisAdvancedClusterCommands<String, String> redis;
  RedisAdapter adapter;

  /** Waits for the cluster to be whole, empties it and makes the adapter. */
  RedisAdapter start(RedisStreamSettings settings) {
    EmbeddedRedisCluster.await("the cluster to be ready", cluster::ready);
    client = RedisAdapter.createClusterClient(cluster.seeds(), settings, Duration.ofSeconds(1));
    redis = client.connect().sync();
    redis.upstream().commands().flushall();
    adapter = new RedisAdapter(client, settings);
    return adapter;
  }

  @AfterEach
  void closeCluster() {
    if (adapter != null) {
      adapter.close();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
