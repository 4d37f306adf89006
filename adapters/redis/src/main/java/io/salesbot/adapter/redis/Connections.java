package io.salesbot.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
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
 */
final class Connections implements AutoCloseable {
  private final RedisClient client;
  private final Object lock = new Object();
  private final List<StatefulRedisConnection<String, String>> opened = new ArrayList<>();
  private final List<StatefulRedisConnection<String, byte[]>> binary = new ArrayList<>();
  private final Multiplexed shared = new Multiplexed();
  private final Multiplexed ingress = new Multiplexed();
  private volatile boolean closed;

  Connections(RedisClient client) {
    this.client = client;
  }

  /** A multiplexed connection, opened by the first caller. */
  private final class Multiplexed {
    private volatile @Nullable StatefulRedisConnection<String, String> connection;

    Mono<RedisReactiveCommands<String, String>> get() {
      StatefulRedisConnection<String, String> c = connection;
      if (c != null) {
        return Mono.just(c.reactive());
      }
      return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
    }

    private RedisReactiveCommands<String, String> connect() {
      synchronized (lock) {
        ensureOpen();
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
          c = client.connect(StringCodec.UTF8);
          opened.add(c);
          connection = c;
        }
        return c.reactive();
      }
    }

    void forget() {
      connection = null;
    }
  }

  /** The connection for the pipeline's and the use cases' non-blocking commands. */
  Mono<RedisReactiveCommands<String, String>> shared() {
    return shared.get();
  }

  /** The connection for appending inbound events, which webhooks and intake wait for. */
  Mono<RedisReactiveCommands<String, String>> ingress() {
    return ingress.get();
  }

  /** A new connection of the caller's own; blocks while connecting. */
  StatefulRedisConnection<String, String> openDedicated() {
    synchronized (lock) {
      ensureOpen();
    }
    StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8);
    synchronized (lock) {
      if (closed) {
        c.close();
        ensureOpen();
      }
      opened.add(c);
    }
    return c;
  }

  /**
   * A new connection with string keys and byte-array values, which Bucket4j's Lettuce proxy needs;
   * closed with the others. Blocks while connecting.
   */
  StatefulRedisConnection<String, byte[]> openBinary() {
    synchronized (lock) {
      ensureOpen();
    }
    StatefulRedisConnection<String, byte[]> c =
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    synchronized (lock) {
      if (closed) {
        c.close();
        ensureOpen();
      }
      binary.add(c);
    }
    return c;
  }

  void release(StatefulRedisConnection<String, String> connection) {
    synchronized (lock) {
      opened.remove(connection);
    }
    connection.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the Redis adapter is closed");
    }
  }

  @Override
  public void close() {
    List<StatefulRedisConnection<String, String>> toClose;
    List<StatefulRedisConnection<String, byte[]>> toCloseBinary;
    synchronized (lock) {
      closed = true;
      toClose = new ArrayList<>(opened);
      opened.clear();
      toCloseBinary = new ArrayList<>(binary);
      binary.clear();
      shared.forget();
      ingress.forget();
    }
    List<StatefulRedisConnection<?, ?>> all = new ArrayList<>(toClose);
    all.addAll(toCloseBinary);
    for (StatefulRedisConnection<?, ?> c : all) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }
}
