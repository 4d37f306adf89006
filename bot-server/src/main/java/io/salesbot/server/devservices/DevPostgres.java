package io.salesbot.server.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;

/**
 * The embedded PostgreSQL 17 (zonky) of the dev services: one per JVM, data kept in {@code
 * <data-dir>/postgres} across restarts, log in {@code <data-dir>/postgres.log}, local connections
 * trusted (any password works).
 */
public final class DevPostgres {

  /** The database salesbot uses; created on first start. */
  public static final String DATABASE = "salesbot";

  /** The superuser salesbot connects as. */
  public static final String USERNAME = "postgres";

  /** A password for tools that insist on one; local connections are trusted, so any works. */
  public static final String PASSWORD = "postgres";

  /** The PostgreSQL major version the embedded binaries provide. */
  public static final String MAJOR_VERSION = "17";

  private final EmbeddedPostgres server;
  private final FileLock lock;
  private final Path dataDirectory;
  private final Path logFile;
  private final String version;
  private final String note;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DevPostgres(
      EmbeddedPostgres server,
      FileLock lock,
      Path dataDirectory,
      Path logFile,
      String version,
      String note) {
    this.server = server;
    this.lock = lock;
    this.dataDirectory = dataDirectory;
    this.logFile = logFile;
    this.version = version;
    this.note = note;
  }

  /** Starts the server; callers outside this package go through {@link DevServices#shared}. */
  static DevPostgres start(DevServicesSettings settings, Log log) {
    Path root = settings.dataDirectory();
    ServerSupport.createDirectories(root);
    FileLock lock = ServerSupport.lock(root.resolve("postgres.lock"), "PostgreSQL");
    Path dataDirectory = settings.postgresDataDirectory();
    Path logFile = root.resolve("postgres.log");
    try {
      checkDataDirectory(dataDirectory);
      Path pidFile = dataDirectory.resolve("postmaster.pid");
      ServerSupport.stopLeftover(pidFile, "postgres", "PostgreSQL", log);
      int port = settings.postgresPort() == 0 ? ServerSupport.freePort() : settings.postgresPort();
      if (!ServerSupport.isPortFree(port)) {
        throw ServerSupport.portBusy(
            port, "PostgreSQL", DevServicesSettings.POSTGRES_PORT, "spring.r2dbc.url");
      }
      PostgresAsRoot.Plan plan = PostgresAsRoot.plan(dataDirectory, settings.postgresOsUser());
      long logStart = ServerSupport.size(logFile);
      EmbeddedPostgres server;
      try {
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPgBinaryResolver(plan.resolver())
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
      } catch (DevServicesException e) {
        throw e;
      } catch (Exception | ExceptionInInitializerError e) {
        ServerSupport.stopLeftover(pidFile, "postgres", "PostgreSQL", log);
        throw startFailure(
            port, dataDirectory, logFile, ServerSupport.tail(logFile, logStart, 12), e);
      }
      try {
        String version = prepareDatabase(server);
        return new DevPostgres(server, lock, dataDirectory, logFile, version, plan.note());
      } catch (SQLException e) {
        closeQuietly(server);
        throw new DevServicesException(
            "The embedded PostgreSQL started but could not create the database "
                + DATABASE
                + " ("
                + e.getMessage()
                + ").",
            "See "
                + logFile
                + "; if the data in "
                + dataDirectory
                + " is damaged, delete that folder, or set spring.r2dbc.url to use an external"
                + " PostgreSQL.",
            e);
      }
    } catch (RuntimeException e) {
      ServerSupport.release(lock);
      throw e;
    }
  }

  private static void checkDataDirectory(Path dataDirectory) {
    if (!Files.exists(dataDirectory)) {
      return;
    }
    String hint =
        "Delete "
            + dataDirectory
            + " (its data is lost), or set "
            + DevServicesSettings.DATA_DIR
            + " to another folder, or set spring.r2dbc.url to use an external PostgreSQL.";
    if (!Files.isDirectory(dataDirectory)) {
      throw new DevServicesException(dataDirectory + " is a file, not a folder.", hint);
    }
    Path versionFile = dataDirectory.resolve("PG_VERSION");
    if (Files.exists(versionFile)) {
      String found;
      try {
        found = Files.readString(versionFile, StandardCharsets.US_ASCII).trim();
      } catch (IOException e) {
        found = "?";
      }
      if (!MAJOR_VERSION.equals(found)) {
        throw new DevServicesException(
            dataDirectory
                + " holds data of PostgreSQL "
                + found
                + ", but the embedded PostgreSQL is version "
                + MAJOR_VERSION
                + ".",
            hint);
      }
      if (Files.exists(dataDirectory.resolve("postgresql.conf"))) {
        ownerOnly(dataDirectory);
        return;
      }
    }
    try (Stream<Path> children = Files.list(dataDirectory)) {
      if (children.anyMatch(child -> !child.getFileName().toString().equals("epg-lock"))) {
        throw new DevServicesException(
            dataDirectory
                + " is not empty but holds no complete PostgreSQL data (was a first start"
                + " interrupted?).",
            hint);
      }
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot read " + dataDirectory + " (" + e + ").",
          "Make it readable, or set " + DevServicesSettings.DATA_DIR + " to another folder.",
          e);
    }
  }

  /** PostgreSQL refuses a data directory others may read (e.g. after a copy with another umask). */
  private static void ownerOnly(Path dataDirectory) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dataDirectory);
      if (permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_READ)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // PostgreSQL itself reports what is wrong
    }
  }

  private static DevServicesException startFailure(
      int port, Path dataDirectory, Path logFile, String said, Throwable cause) {
    String problem =
        "The embedded PostgreSQL did not start"
            + (said.isBlank() ? " (" + cause + ")." : ". It said:" + System.lineSeparator() + said);
    String external = "or set spring.r2dbc.url to use an external PostgreSQL.";
    if (said.contains("Address already in use") || said.contains("could not bind")) {
      return new DevServicesException(
          problem,
          "Free port "
              + port
              + " or set "
              + DevServicesSettings.POSTGRES_PORT
              + " to a free port (or remove it to pick one), "
              + external,
          cause);
    }
    if (said.contains("Permission denied") || said.contains("Operation not permitted")) {
      return new DevServicesException(
          problem,
          "Make "
              + dataDirectory
              + " writable, or set "
              + DevServicesSettings.DATA_DIR
              + " to a writable folder, "
              + external,
          cause);
    }
    if (said.contains("root")) {
      return new DevServicesException(problem, "Run salesbot as a normal user, " + external, cause);
    }
    return new DevServicesException(
        problem,
        "See "
            + logFile
            + " for PostgreSQL's messages; if the data in "
            + dataDirectory
            + " is damaged, delete that folder; "
            + external,
        cause);
  }

  private static String prepareDatabase(EmbeddedPostgres server) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      String version;
      try (ResultSet result = statement.executeQuery("show server_version")) {
        result.next();
        version = result.getString(1);
      }
      boolean exists;
      try (ResultSet result =
          statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        exists = result.next();
      }
      if (!exists) {
        statement.execute("create database " + DATABASE);
      }
      return version;
    }
  }

  /** The TCP port on localhost. */
  public int port() {
    return server.getPort();
  }

  /** The full server version, e.g. {@code 17.6}. */
  public String version() {
    return version;
  }

  /** Where PostgreSQL keeps its data. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Where PostgreSQL writes its own log. */
  public Path logFile() {
    return logFile;
  }

  /** JDBC URL of the {@value #DATABASE} database, e.g. for Flyway. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** R2DBC URL of the {@value #DATABASE} database. */
  public String r2dbcUrl() {
    return "r2dbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** The user to connect as. */
  public String username() {
    return USERNAME;
  }

  /** A password; any works since local connections are trusted. */
  public String password() {
    return PASSWORD;
  }

  Map<String, Object> springProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.r2dbc.url", r2dbcUrl());
    properties.put("spring.r2dbc.username", USERNAME);
    properties.put("spring.r2dbc.password", PASSWORD);
    properties.put("salesbot.dev-services.postgres.jdbc-url", jdbcUrl());
    properties.put("salesbot.dev-services.postgres.username", USERNAME);
    properties.put("salesbot.dev-services.postgres.password", PASSWORD);
    return properties;
  }

  String startedMessage() {
    return "Started embedded PostgreSQL "
        + version
        + " on port "
        + port()
        + (note.isEmpty() ? "" : ", " + note)
        + "; data in "
        + dataDirectory
        + ", log in "
        + logFile
        + ". R2DBC URL "
        + r2dbcUrl()
        + ", JDBC URL "
        + jdbcUrl()
        + ", user "
        + USERNAME
        + " (no password needed). Set spring.r2dbc.url to use another PostgreSQL.";
  }

  /** Stops the server (fast shutdown) and keeps the data. */
  void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    closeQuietly(server);
    ServerSupport.release(lock);
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      // stopping at JVM exit: nothing useful left to do
    }
  }
}
