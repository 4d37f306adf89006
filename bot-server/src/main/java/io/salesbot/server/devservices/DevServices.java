package io.salesbot.server.devservices;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The JVM-wide holder of the embedded dev services: each server starts at most once per JVM, so
 * every Spring context in a test JVM shares it, and a shutdown hook stops them at JVM exit.
 */
public final class DevServices {

  /** Set to {@code true} when any dev service backs this application. */
  public static final String ACTIVE = "salesbot.dev-services.active";

  private static final Object LOCK = new Object();
  private static @Nullable DevPostgres postgres;
  private static @Nullable DevRedis redis;
  private static boolean shutdownHookAdded;

  private DevServices() {}

  /**
   * Starts the servers {@code settings} asks for unless they already run in this JVM.
   *
   * @return the Spring properties that point at them ({@code spring.r2dbc.*}, {@code
   *     spring.data.redis.host/port}, {@value #ACTIVE}, ...); empty if nothing is asked for
   * @throws DevServicesException if a server cannot start; its message says what to change
   */
  public static Map<String, Object> shared(DevServicesSettings settings) {
    return shared(settings, LogFactory.getLog(DevServices.class));
  }

  static Map<String, Object> shared(DevServicesSettings settings, Log log) {
    synchronized (LOCK) {
      Map<String, Object> properties = new LinkedHashMap<>();
      if (settings.postgres()) {
        DevPostgres server = postgres;
        if (server == null) {
          addShutdownHook();
          server = DevPostgres.start(settings, log);
          postgres = server;
          log.info(server.startedMessage());
        } else {
          reusing(log, "PostgreSQL", server.dataDirectory(), settings.postgresDataDirectory());
        }
        properties.putAll(server.springProperties());
      }
      if (settings.redis()) {
        DevRedis server = redis;
        if (server == null) {
          addShutdownHook();
          server = DevRedis.start(settings, log);
          redis = server;
          log.info(server.startedMessage());
        } else {
          reusing(log, "Redis", server.dataDirectory(), settings.redisDataDirectory());
        }
        properties.putAll(server.springProperties());
      }
      if (!properties.isEmpty()) {
        properties.put(ACTIVE, "true");
      }
      return properties;
    }
  }

  private static void reusing(Log log, String service, Object running, Object asked) {
    if (!running.equals(asked)) {
      log.info(
          "Using the embedded "
              + service
              + " already running in this JVM with data in "
              + running
              + " instead of "
              + asked);
    } else if (log.isDebugEnabled()) {
      log.debug("Using the embedded " + service + " already running in this JVM");
    }
  }

  /**
   * The embedded PostgreSQL running in this JVM.
   *
   * @throws IllegalStateException if it was not started
   */
  public static DevPostgres postgres() {
    synchronized (LOCK) {
      DevPostgres server = postgres;
      if (server == null) {
        throw new IllegalStateException(
            "No embedded PostgreSQL runs in this JVM: start it with DevServices.shared(...)");
      }
      return server;
    }
  }

  /**
   * The embedded Redis running in this JVM (possibly {@linkplain DevRedis#stop() stopped} by a
   * test).
   *
   * @throws IllegalStateException if it was not started
   */
  public static DevRedis redis() {
    synchronized (LOCK) {
      DevRedis server = redis;
      if (server == null) {
        throw new IllegalStateException(
            "No embedded Redis runs in this JVM: start it with DevServices.shared(...)");
      }
      return server;
    }
  }

  /** Whether the embedded PostgreSQL was started in this JVM. */
  public static boolean hasPostgres() {
    synchronized (LOCK) {
      return postgres != null;
    }
  }

  /** Whether the embedded Redis was started in this JVM. */
  public static boolean hasRedis() {
    synchronized (LOCK) {
      return redis != null;
    }
  }

  private static void addShutdownHook() {
    if (!shutdownHookAdded) {
      shutdownHookAdded = true;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(DevServices::stopAll, "salesbot-dev-services-stop"));
    }
  }

  private static void stopAll() {
    DevRedis redisServer;
    DevPostgres postgresServer;
    synchronized (LOCK) {
      redisServer = redis;
      postgresServer = postgres;
    }
    if (redisServer != null) {
      redisServer.close();
    }
    if (postgresServer != null) {
      postgresServer.close();
    }
  }
}
