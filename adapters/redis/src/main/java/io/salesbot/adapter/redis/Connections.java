package io.salesbot.adapter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The connections the adapter opens: two multiplexed connections opened on first use (so the
 * application starts while Redis is still down) — one for what webhooks wait for (queueing an
 * inbound event: {@link #ingress}), one for everything else ({@link #shared}), so that an
 * acknowledgement never queues behind the pipeline's commands on one socket — and one dedicated
 * connection per worker for its blocking XREADGROUP, which would otherwise stall every other
 * command on a shared connection.
 *
 * <p>The client is a {@link RedisClient} (one Redis, standalone or a primary) or a {@link
 * RedisClusterClient} (Redis Cluster: each connection routes every command to the shard that owns
 * its keys' slot); either way the commands are {@link RedisClusterReactiveCommands}, which both
 * kinds of connection implement.
 */
final class Connections implements AutoCloseable {
  private final AbstractRedisClient client;
  private final Object lock = new Object();
  private final List<StatefulConnection<String, String>> opened = new ArrayList<>();
  private final List<StatefulConnection<String, byte[]>> binary = new ArrayList<>();
  private final Multiplexed shared = new Multiplexed();
  private final Multiplexed ingress = new Multiplexed();
  private volatile boolean closed;

  Connections(AbstractRedisClient client) {
    if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
      throw new IllegalArgumentException(
          "a RedisClient or a RedisClusterClient, not " + client.getClass().getName());
    }
    this.client = client;
  }

  /** Whether the client is a Redis Cluster client. */
  boolean cluster() {
    return client instanceof RedisClusterClient;
  }

  /** A connection of the caller's own and its reactive commands. */
  record Dedicated(
      StatefulConnection<String, String> connection,
      RedisClusterReactiveCommands<String, String> reactive) {}

  private <V> StatefulConnection<String, V> connect(RedisCodec<String, V> codec) {
    return client instanceof RedisClusterClient c
        ? c.connect(codec)
        : ((RedisClient) client).connect(codec);
  }

  private static <V> RedisClusterReactiveCommands<String, V> reactive(
      StatefulConnection<String, V> c) {
    return c instanceof StatefulRedisClusterConnection<String, V> cc
        ? cc.reactive()
        : ((StatefulRedisConnection<String, V>) c).reactive();
  }

  /** A multiplexed connection, opened by the first caller. */
  private final class Multiplexed {
    private volatile @Nullable RedisClusterReactiveCommands<String, String> connection;

    Mono<RedisClusterReactiveCommands<String, String>> get() {
      RedisClusterReactiveCommands<String, String> c = connection;
      if (c != null) {
        return Mono.just(c);
      }
      return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
    }

    private RedisClusterReactiveCommands<String, String> connect() {
      synchronized (lock) {
        ensureOpen();
        RedisClusterReactiveCommands<String, String> c = connection;
        if (c == null) {
          StatefulConnection<String, String> s = Connections.this.connect(Utf8Codec.INSTANCE);
          opened.add(s);
          c = reactive(s);
          connection = c;
        }
        return c;
      }
    }

    void forget() {
      connection = null;
    }
  }

  /** The connection for the pipeline's and the use cases' non-blocking commands. */
  Mono<RedisClusterReactiveCommands<String, String>> shared() {
    return shared.get();
  }

  /** The connection for appending inbound events, which webhooks and intake wait for. */
  Mono<RedisClusterReactiveCommands<String, String>> ingress() {
    return ingress.get();
  }

  /** A new connection of the caller's own; blocks while connecting. */
  Dedicated openDedicated() {
    synchronized (lock) {
      ensureOpen();
    }
    StatefulConnection<String, String> c = connect(Utf8Codec.INSTANCE);
    synchronized (lock) {
      if (closed) {
        c.close();
        ensureOpen();
      }
      opened.add(c);
    }
    return new Dedicated(c, reactive(c));
  }

  /**
   * A new connection with string keys and byte-array values, which Bucket4j's Lettuce proxy needs;
   * closed with the others. Blocks while connecting.
   */
  StatefulConnection<String, byte[]> openBinary() {
    synchronized (lock) {
      ensureOpen();
    }
    StatefulConnection<String, byte[]> c =
        connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    synchronized (lock) {
      if (closed) {
        c.close();
        ensureOpen();
      }
      binary.add(c);
    }
    return c;
  }

  void release(Dedicated dedicated) {
    synchronized (lock) {
      opened.remove(dedicated.connection());
    }
    dedicated.connection().close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the Redis adapter is closed");
    }
  }

  @Override
  public void close() {
    List<StatefulConnection<String, String>> toClose;
    List<StatefulConnection<String, byte[]>> toCloseBinary;
    synchronized (lock) {
      closed = true;
      toClose = new ArrayList<>(opened);
      opened.clear();
      toCloseBinary = new ArrayList<>(binary);
      binary.clear();
      shared.forget();
      ingress.forget();
    }
    List<StatefulConnection<?, ?>> all = new ArrayList<>(toClose);
    all.addAll(toCloseBinary);
    for (StatefulConnection<?, ?> c : all) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }
}
