package io.salesbot.server.console;

import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real redis-server (from the embedded-redis jar) for the console's unit tests, started once per
 * test JVM on a free port and stopped when it ends; each test takes its own key prefix.
 */
final class ConsoleRedis {
  private ConsoleRedis() {}

  private static final class Holder {
    static final int PORT = freePort();
    static final RedisClient CLIENT = start();

    private static RedisClient start() {
      try {
        RedisServer server =
            RedisServer.newRedisServer()
                .port(PORT)
                .setting("appendonly no")
                .setting("save \"\"")
                .build();
        server.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.stop();
                      } catch (IOException e) {
                        // the JVM is ending anyway
                      }
                    }));
      } catch (IOException e) {
        throw new UncheckedIOException("could not start redis-server on port " + PORT, e);
      }
      return RedisClient.create("redis://127.0.0.1:" + PORT);
    }
  }

  /** A client of the shared server. */
  static RedisClient client() {
    return Holder.CLIENT;
  }

  /** A key prefix no other test uses. */
  static String prefix() {
    return "console-test-" + java.util.UUID.randomUUID();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
