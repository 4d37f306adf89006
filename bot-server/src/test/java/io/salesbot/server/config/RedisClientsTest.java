package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/** Which client salesbot builds for which Redis settings (nothing connects here). */
class RedisClientsTest {
  @Test
  void builds_a_standalone_client_without_cluster_nodes() {
    DataRedisConnectionDetails details =
        new DataRedisConnectionDetails() {
          @Override
          public Standalone getStandalone() {
            return Standalone.of("redis.example", 6380, 2);
          }
        };
    AbstractRedisClient client = RedisClients.create(details, null);
    try {
      assertThat(client).isInstanceOf(RedisClient.class);
      assertThat(((RedisClient) client).getOptions().getDisconnectedBehavior())
          .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  void builds_a_cluster_client_that_follows_failovers_when_cluster_nodes_are_set() {
    DataRedisProperties properties = new DataRedisProperties();
    properties.getLettuce().getCluster().getRefresh().setPeriod(Duration.ofSeconds(7));
    DataRedisProperties.Cluster cluster = new DataRedisProperties.Cluster();
    cluster.setMaxRedirects(4);
    properties.setCluster(cluster);
    DataRedisConnectionDetails details =
        new DataRedisConnectionDetails() {
          @Override
          public Cluster getCluster() {
            return () -> List.of(new Node("redis-1", 6379), new Node("redis-2", 6379));
          }
        };
    AbstractRedisClient client = RedisClients.create(details, properties);
    try {
      assertThat(client).isInstanceOf(RedisClusterClient.class);
      ClusterClientOptions options =
          (ClusterClientOptions) ((RedisClusterClient) client).getOptions();
      assertThat(options.getDisconnectedBehavior())
          .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
      assertThat(options.getMaxRedirects()).isEqualTo(4);
      assertThat(options.getTopologyRefreshOptions().getRefreshPeriod())
          .isEqualTo(Duration.ofSeconds(7));
      assertThat(options.getTopologyRefreshOptions().getAdaptiveRefreshTriggers())
          .contains(RefreshTrigger.MOVED_REDIRECT, RefreshTrigger.PERSISTENT_RECONNECTS);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
