package io.salesbot.server.config;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.redis.RedisStreamSettings;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/**
 * The one Lettuce client that the Redis adapter and the console's sessions share: a {@link
 * RedisClusterClient} when {@code spring.data.redis.cluster.nodes} is set (Redis Cluster; the
 * adapter then uses its hash-tagged key layout), else a {@link RedisClient} for {@code
 * spring.data.redis.host}/{@code port}/{@code database} (standalone Redis, names unchanged).
 * Commands time out after 2 s and are refused at once while disconnected.
 */
final class RedisClients {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /**
   * Periodic topology refresh when {@code spring.data.redis.lettuce.cluster.refresh.period} is
   * unset.
   */
  static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

  private RedisClients() {}

  static AbstractRedisClient create(
      DataRedisConnectionDetails details, @Nullable DataRedisProperties properties) {
    DataRedisConnectionDetails.Cluster cluster = details.getCluster();
    if (cluster != null && !cluster.getNodes().isEmpty()) {
      return cluster(details, cluster.getNodes(), properties);
    }
    DataRedisConnectionDetails.Standalone s = details.getStandalone();
    RedisURI.Builder uri =
        credentials(details, RedisURI.builder().withHost(s.getHost()).withPort(s.getPort()))
            .withDatabase(s.getDatabase())
            .withTimeout(TIMEOUT);
    RedisClient client = RedisClient.create(uri.build());
    client.setOptions(
        ClientOptions.builder()
            .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return client;
  }

  /**
   * Every node given is a seed (the client discovers the rest); the topology is refreshed on every
   * redirect or reconnect and every {@code spring.data.redis.lettuce.cluster.refresh.period}
   * (default 30 s); {@code spring.data.redis.cluster.max-redirects} is honoured.
   */
  private static RedisClusterClient cluster(
      DataRedisConnectionDetails details,
      List<DataRedisConnectionDetails.Node> nodes,
      @Nullable DataRedisProperties properties) {
    List<RedisURI> seeds =
        nodes.stream()
            .map(
                n -> credentials(details, RedisURI.builder().withHost(n.host()).withPort(n.port())))
            .map(RedisURI.Builder::build)
            .toList();
    Duration refresh = DEFAULT_REFRESH;
    Integer maxRedirects = null;
    if (properties != null) {
      Duration period = properties.getLettuce().getCluster().getRefresh().getPeriod();
      refresh =
          period != null && !period.isNegative() && !period.isZero() ? period : DEFAULT_REFRESH;
      maxRedirects =
          properties.getCluster() == null ? null : properties.getCluster().getMaxRedirects();
    }
    RedisStreamSettings timeouts =
        RedisStreamSettings.defaults().toBuilder().commandTimeout(TIMEOUT).build();
    RedisClusterClient client = RedisAdapter.createClusterClient(seeds, timeouts, refresh);
    if (maxRedirects != null) {
      client.setOptions(
          ClusterClientOptions.builder(RedisAdapter.clusterClientOptions(timeouts, refresh))
              .maxRedirects(maxRedirects)
              .build());
    }
    return client;
  }

  private static RedisURI.Builder credentials(
      DataRedisConnectionDetails details, RedisURI.Builder uri) {
    if (details.getPassword() != null) {
      if (details.getUsername() != null) {
        uri.withAuthentication(details.getUsername(), details.getPassword().toCharArray());
      } else {
        uri.withPassword(details.getPassword().toCharArray());
      }
    }
    return uri;
  }
}
