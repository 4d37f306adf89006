package io.salesbot.server.devservices;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * What the embedded dev services should start and where they keep their data.
 *
 * @param postgres whether an embedded PostgreSQL is wanted (no {@code spring.r2dbc.url} set)
 * @param redis whether an embedded Redis is wanted (none of {@code spring.data.redis.url}, {@code
 *     spring.data.redis.host} and {@code spring.data.redis.cluster.nodes} set)
 * @param dataDirectory the folder holding {@code postgres/} and {@code redis/}; made absolute
 * @param postgresPort the PostgreSQL port, or 0 to pick a free one
 * @param redisPort the Redis port, or 0 to pick a free one
 * @param postgresOsUser the unprivileged OS user PostgreSQL runs as when salesbot runs as root and
 *     user namespaces are not available
 */
public record DevServicesSettings(
    boolean postgres,
    boolean redis,
    Path dataDirectory,
    int postgresPort,
    int redisPort,
    String postgresOsUser) {

  /**
   * Turns the dev services on or off (default: on when neither external server is configured; with
   * only one of them configured, salesbot refuses to start unless this is set).
   */
  public static final String ENABLED = "salesbot.dev-services.enabled";

  /**
   * Folder for the servers' data, relative to the working directory (default {@code .salesbot}).
   */
  public static final String DATA_DIR = "salesbot.dev-services.data-dir";

  /** Fixed port for the embedded PostgreSQL (default: a free port). */
  public static final String POSTGRES_PORT = "salesbot.dev-services.postgres-port";

  /** Fixed port for the embedded Redis (default: a free port). */
  public static final String REDIS_PORT = "salesbot.dev-services.redis-port";

  /** OS user for PostgreSQL when salesbot runs as root (default {@code nobody}). */
  public static final String POSTGRES_OS_USER = "salesbot.dev-services.postgres-os-user";

  /** Default of {@link #DATA_DIR}. */
  public static final String DEFAULT_DATA_DIR = ".salesbot";

  /** Default of {@link #POSTGRES_OS_USER}. */
  public static final String DEFAULT_POSTGRES_OS_USER = "nobody";

  /** Validates the ports and makes the data directory absolute. */
  public DevServicesSettings {
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
    checkPort(POSTGRES_PORT, postgresPort);
    checkPort(REDIS_PORT, redisPort);
    if (postgresOsUser.isBlank()) {
      throw new DevServicesException(
          POSTGRES_OS_USER + " is blank.", "Set it to an unprivileged OS user, e.g. nobody.");
    }
  }

  /** Both services, free ports, data under {@code dataDirectory}: handy for tests. */
  public static DevServicesSettings of(Path dataDirectory) {
    return new DevServicesSettings(true, true, dataDirectory, 0, 0, DEFAULT_POSTGRES_OS_USER);
  }

  /**
   * Reads the settings from Spring's environment: a service is wanted when the dev services are
   * enabled and no external server is configured for it.
   */
  public static DevServicesSettings from(Environment environment) {
    boolean enabled;
    try {
      enabled = environment.getProperty(ENABLED, Boolean.class, true);
    } catch (RuntimeException e) {
      throw new DevServicesException(
          ENABLED + " must be true or false, but is '" + environment.getProperty(ENABLED) + "'.",
          "Set " + ENABLED + " to true or false.",
          e);
    }
    boolean externalPostgres = StringUtils.hasText(environment.getProperty("spring.r2dbc.url"));
    boolean externalRedis =
        StringUtils.hasText(environment.getProperty("spring.data.redis.url"))
            || StringUtils.hasText(environment.getProperty("spring.data.redis.host"))
            || StringUtils.hasText(environment.getProperty("spring.data.redis.cluster.nodes"))
            || StringUtils.hasText(environment.getProperty("spring.data.redis.cluster.nodes[0]"));
    if (externalPostgres != externalRedis && !environment.containsProperty(ENABLED)) {
      throw halfConfigured(externalPostgres);
    }
    boolean postgres = enabled && !externalPostgres;
    boolean redis = enabled && !externalRedis;
    String dir = text(environment, DATA_DIR, DEFAULT_DATA_DIR);
    Path dataDirectory;
    try {
      dataDirectory = Path.of(dir);
    } catch (InvalidPathException e) {
      throw new DevServicesException(
          DATA_DIR + " is not a valid path: '" + dir + "'.",
          "Set " + DATA_DIR + " to a folder path such as .salesbot.",
          e);
    }
    return new DevServicesSettings(
        postgres,
        redis,
        dataDirectory,
        port(environment, POSTGRES_PORT),
        port(environment, REDIS_PORT),
        text(environment, POSTGRES_OS_USER, DEFAULT_POSTGRES_OS_USER));
  }

  /**
   * One external server without the other is most often a forgotten variable: starting a throw-away
   * embedded server next to it (and the sandbox with it) would hide that.
   */
  private static DevServicesException halfConfigured(boolean externalPostgres) {
    String set =
        externalPostgres
            ? "spring.r2dbc.url"
            : "spring.data.redis.host (or .url, or .cluster.nodes)";
    String missing =
        externalPostgres
            ? "spring.data.redis.host (or spring.data.redis.url, or spring.data.redis.cluster.nodes)"
            : "spring.r2dbc.url";
    String embedded = externalPostgres ? "Redis" : "PostgreSQL";
    return new DevServicesException(
        set
            + " points at an external server but "
            + missing
            + " is not set, so salesbot would start an embedded "
            + embedded
            + " next to it.",
        "Set "
            + missing
            + " too (e.g. SPRING_"
            + (externalPostgres ? "DATA_REDIS_HOST" : "R2DBC_URL")
            + "), or set "
            + ENABLED
            + "=true to run the embedded "
            + embedded
            + " on purpose.");
  }

  /** Whether any service is wanted. */
  public boolean any() {
    return postgres || redis;
  }

  /** PostgreSQL's data directory, {@code <dataDirectory>/postgres}. */
  public Path postgresDataDirectory() {
    return dataDirectory.resolve("postgres");
  }

  /** Redis's data directory, {@code <dataDirectory>/redis}. */
  public Path redisDataDirectory() {
    return dataDirectory.resolve("redis");
  }

  private static String text(Environment environment, String name, String fallback) {
    @Nullable String value = environment.getProperty(name);
    return StringUtils.hasText(value) ? value.trim() : fallback;
  }

  private static int port(Environment environment, String name) {
    String value = text(environment, name, "0");
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new DevServicesException(
          name + " must be a port number, but is '" + value + "'.",
          "Set " + name + " to a free port between 1 and 65535, or remove it to pick a free port.",
          e);
    }
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new DevServicesException(
          name + " must be between 0 and 65535, but is " + port + ".",
          "Set " + name + " to a free port between 1 and 65535, or remove it to pick a free port.");
    }
  }
}
