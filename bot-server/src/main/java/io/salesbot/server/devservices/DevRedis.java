package io.salesbot.server.devservices;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import redis.embedded.RedisServer;

/**
 * The embedded Redis 6.2 (codemonstur embedded-redis) of the dev services: one per JVM on 127.0.0.1
 * with a generated password ({@code <data-dir>/redis.password}) and {@code CONFIG} disabled,
 * append-only file on ({@code appendfsync everysec}) in {@code <data-dir>/redis}, so data survives
 * restarts. Tests may {@link #stop()} and {@link #start()} it again on the same port and data.
 */
public final class DevRedis {

  /** The address Redis listens on. */
  public static final String HOST = "127.0.0.1";

  /** The file in the dev services' data folder that keeps the generated password. */
  public static final String PASSWORD_FILE = "redis.password";

  private static final Pattern VERSION = Pattern.compile("version=([0-9][0-9.]*)");
  private static final int REMEMBERED_LINES = 40;

  private final RedisServer server;
  private final FileLock lock;
  private final int port;
  private final Path dataDirectory;
  private final String password;
  private final Deque<String> output;
  private boolean closed;

  private DevRedis(
      RedisServer server,
      FileLock lock,
      int port,
      Path dataDirectory,
      String password,
      Deque<String> output) {
    this.server = server;
    this.password = password;
    this.output = output;
    this.lock = lock;
    this.port = port;
    this.dataDirectory = dataDirectory;
  }

  /** Starts the server; callers outside this package go through {@link DevServices#shared}. */
  static DevRedis start(DevServicesSettings settings, Log log) {
    Path root = settings.dataDirectory();
    ServerSupport.createDirectories(root);
    FileLock lock = ServerSupport.lock(root.resolve("redis.lock"), "Redis");
    try {
      Path dataDirectory = settings.redisDataDirectory();
      ServerSupport.createDirectories(dataDirectory);
      ServerSupport.stopLeftover(dataDirectory.resolve("redis.pid"), "redis", "Redis", log);
      int port = settings.redisPort() == 0 ? ServerSupport.freePort() : settings.redisPort();
      Deque<String> output = new ArrayDeque<>();
      ServerSupport.Password password = ServerSupport.password(root.resolve(PASSWORD_FILE));
      RedisServer server;
      try {
        server =
            RedisServer.newRedisServer()
                .bind(HOST)
                .port(port)
                .setting("dir " + quote(dataDirectory))
                .setting("pidfile " + quote(dataDirectory.resolve("redis.pid")))
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("appendfilename \"appendonly.aof\"")
                .setting("save \"\"")
                .setting("daemonize no")
                .setting("requirepass " + password.value())
                // Nothing salesbot does needs CONFIG; a local process must not rewrite Redis's
                // files (dir, dbfilename) or switch persistence off through it.
                .setting("rename-command CONFIG \"\"")
                .soutListener(line -> remember(output, line))
                .serrListener(line -> remember(output, line))
                .build();
      } catch (IOException e) {
        throw new DevServicesException(
            "Cannot prepare the embedded Redis (" + e + ").",
            "Make java.io.tmpdir writable, or set spring.data.redis.host to use an external Redis.",
            e);
      }
      DevRedis redis = new DevRedis(server, lock, port, dataDirectory, password.value(), output);
      redis.start();
      return redis;
    } catch (RuntimeException e) {
      ServerSupport.release(lock);
      throw e;
    }
  }

  private static String quote(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void remember(Deque<String> output, String line) {
    synchronized (output) {
      output.addLast(line);
      while (output.size() > REMEMBERED_LINES) {
        output.removeFirst();
      }
    }
  }

  /**
   * Starts Redis again after {@link #stop()}, on the same port and data; does nothing if it runs.
   *
   * @throws DevServicesException if it cannot start, e.g. because the port was taken meanwhile
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the embedded Redis was shut down with the JVM");
    }
    if (server.isActive()) {
      return;
    }
    if (!ServerSupport.isPortFree(port)) {
      throw ServerSupport.portBusy(
          port, "Redis", DevServicesSettings.REDIS_PORT, "spring.data.redis.host");
    }
    try {
      server.start();
    } catch (IOException e) {
      throw startFailure(e);
    }
  }

  private DevServicesException startFailure(IOException e) {
    StringBuilder said = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      said.append(t.getMessage()).append('\n');
    }
    String text = said.toString();
    String external = "or set spring.data.redis.host to use an external Redis.";
    String problem = "The embedded Redis did not start on port " + port + ": " + e.getMessage();
    if (e.getCause() != null) {
      problem += " (" + e.getCause().getMessage() + ")";
    }
    if (text.contains("Address already in use")) {
      return new DevServicesException(
          problem,
          "Free port "
              + port
              + " or set "
              + DevServicesSettings.REDIS_PORT
              + " to a free port (or remove it to pick one), "
              + external,
          e);
    }
    if (text.contains("Bad file format") || text.contains("Unexpected end of file")) {
      return new DevServicesException(
          problem,
          "Repair "
              + dataDirectory.resolve("appendonly.aof")
              + " with redis-check-aof --fix, or delete it (its data is lost), "
              + external,
          e);
    }
    return new DevServicesException(
        problem,
        "Make "
            + dataDirectory
            + " writable, or set "
            + DevServicesSettings.DATA_DIR
            + " to a writable folder, "
            + external,
        e);
  }

  /** Stops Redis (it writes its append-only file before it exits); {@link #start()} revives it. */
  public synchronized void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new IllegalStateException("cannot stop the embedded Redis: " + e.getMessage(), e);
    }
  }

  /** Whether Redis is running. */
  public boolean isRunning() {
    return server.isActive();
  }

  /** The address Redis listens on, {@value #HOST}. */
  public String host() {
    return HOST;
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  /** Where Redis keeps its append-only file. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** A {@code redis://} URL of the server, without the password. */
  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  /** The generated password ({@code requirepass}), kept in {@value #PASSWORD_FILE}. */
  public String password() {
    return password;
  }

  /** The Redis version from its start-up banner, e.g. {@code 6.2.6}, or "6.2" if not seen. */
  public String version() {
    synchronized (output) {
      for (String line : output) {
        Matcher matcher = VERSION.matcher(line);
        if (matcher.find()) {
          return matcher.group(1);
        }
      }
    }
    return "6.2";
  }

  Map<String, Object> springProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.data.redis.host", HOST);
    properties.put("spring.data.redis.port", String.valueOf(port));
    properties.put("spring.data.redis.password", password);
    properties.put("salesbot.dev-services.redis.url", url());
    return properties;
  }

  String startedMessage() {
    return "Started embedded Redis "
        + version()
        + " on "
        + HOST
        + ":"
        + port
        + " with the append-only file on (appendfsync everysec), a password (in "
        + dataDirectory.resolveSibling(PASSWORD_FILE)
        + ") and CONFIG off; data in "
        + dataDirectory
        + ". Set spring.data.redis.host or spring.data.redis.url to use another Redis.";
  }

  /** Stops Redis for good, at JVM exit. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (IOException | RuntimeException e) {
      // stopping at JVM exit: nothing useful left to do
    }
    ServerSupport.release(lock);
  }
}
