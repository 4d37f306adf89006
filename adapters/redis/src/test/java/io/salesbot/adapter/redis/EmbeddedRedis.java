package io.salesbot.adapter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/** A real redis-server (6.2, from the embedded-redis jar) on a free port, started on demand. */
final class EmbeddedRedis {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedis(int port) {
    this.port = port;
    try {
      this.server = builder(port).build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start redis-server on port " + port, e);
    }
  }

  /** A redis-server on {@code port} that keeps nothing on disk (tests start from empty). */
  static RedisServerBuilder builder(int port) {
    return RedisServer.newRedisServer().port(port).setting("appendonly no").setting("save \"\"");
  }

  /** The one server of this test JVM, stopped when the JVM exits. */
  static EmbeddedRedis shared() {
    return Holder.SHARED;
  }

  /** A server of the caller's own, e.g. to stop it under a test. */
  static EmbeddedRedis startPrivate() {
    return new EmbeddedRedis(freePort());
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Holder {
    static final EmbeddedRedis SHARED = start();

    private static EmbeddedRedis start() {
      EmbeddedRedis redis = new EmbeddedRedis(freePort());
      Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "embedded-redis-stop"));
      return redis;
    }
  }
}
