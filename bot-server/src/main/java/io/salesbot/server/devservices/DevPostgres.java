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
 * <data-dir>/postgres} across restarts, log in {@code <data-dir>/postgres.log}, fsync on, reachable
 * only over loopback TCP with a generated password kept in {@code <data-dir>/postgres.password}.
 */
public final class DevPostgres {

  /** The database salesbot uses; created on first start. */
  public static final String DATABASE = "salesbot";

  /** The superuser salesbot connects as. */
  public static final String USERNAME = "postgres";

  /** The file in the dev services' data folder that keeps the generated password. */
  public static final String PASSWORD_FILE = "postgres.password";

  /** The PostgreSQL major version the embedded binaries provide. */
  public static final String MAJOR_VERSION = "17";

  private final EmbeddedPostgres server;
  private final FileLock lock;
  private final Path dataDirectory;
  private final Path logFile;
  private final String version;
  private final String password;
  private final String note;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DevPostgres(
      EmbeddedPostgres server,
      FileLock lock,
      Path dataDirectory,
      Path logFile,
      String version,
      String password,
      String note) {
    this.server = server;
    this.password = password;
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
      ServerSupport.Password password = ServerSupport.password(root.resolve(PASSWORD_FILE));
      // A new cluster (initdb trusts local connections) or a lost password file: start once with
      // the superuser trusted on loopback, set the password, and start again requiring it.
      boolean setPassword =
          password.created() || !Files.exists(dataDirectory.resolve("postgresql.conf"));
      long logStart = ServerSupport.size(logFile);
      EmbeddedPostgres server;
      try {
        server = launch(dataDirectory, port, plan, logFile, password.value(), setPassword);
        if (setPassword) {
          try (Connection connection = server.getPostgresDatabase().getConnection();
              Statement statement = connection.createStatement()) {
            statement.execute("alter role " + USERNAME + " password '" + password.value() + "'");
          } finally {
            closeQuietly(server);
          }
          server = launch(dataDirectory, port, plan, logFile, password.value(), false);
        }
      } catch (DevServicesException e) {
        throw e;
      } catch (Exception | ExceptionInInitializerError e) {
        ServerSupport.stopLeftover(pidFile, "postgres", "PostgreSQL", log);
        throw startFailure(
            port, dataDirectory, logFile, ServerSupport.tail(logFile, logStart, 12), e);
      }
      try {
        String version = prepareDatabase(server);
        return new DevPostgres(
            server, lock, dataDirectory, logFile, version, password.value(), plan.note());
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

  /**
   * Starts PostgreSQL with fsync and synchronous commit on (zonky turns both off for tests: an
   * acknowledged lead must survive a power cut) and a {@code pg_hba.conf} that admits only loopback
   * TCP with the password, or, with {@code trustSuperuser}, the superuser without one.
   */
  private static EmbeddedPostgres launch(
      Path dataDirectory,
      int port,
      PostgresAsRoot.Plan plan,
      Path logFile,
      String password,
      boolean trustSuperuser)
      throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory.toFile())
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPgBinaryResolver(plan.resolver())
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(30))
        .setLocaleConfig("locale", "C")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("unix_socket_directories", "")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("password_encryption", "scram-sha-256")
        .setConnectConfig("password", password)
        .setDataDirectoryCustomizer(directory -> writeHba(directory.toPath(), trustSuperuser))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
  }

  /** Runs after initdb and before each start; keeps the file's owner (PostgreSQL must read it). */
  private static void writeHba(Path dataDirectory, boolean trustSuperuser) {
    String method = trustSuperuser ? "trust" : "scram-sha-256";
    String hba =
        "# Written by salesbot at every start of its embedded PostgreSQL: loopback TCP only, with\n"
            + "# the password kept in ../"
            + PASSWORD_FILE
            + ". Edits here are overwritten.\n"
            + "host all "
            + USERNAME
            + " 127.0.0.1/32 "
            + method
            + "\nhost all "
            + USERNAME
            + " ::1/128 "
            + method
            + "\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n";
    try {
      Files.writeString(dataDirectory.resolve("pg_hba.conf"), hba, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot write " + dataDirectory.resolve("pg_hba.conf") + " (" + e + ").",
          "Make "
              + dataDirectory
              + " writable, or set "
              + DevServicesSettings.DATA_DIR
              + " to another folder, or set spring.r2dbc.url to use an external PostgreSQL.",
          e);
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

  /** The generated password, kept in {@value #PASSWORD_FILE} of the data folder. */
  public String password() {
    return password;
  }

  Map<String, Object> springProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.r2dbc.url", r2dbcUrl());
    properties.put("spring.r2dbc.username", USERNAME);
    properties.put("spring.r2dbc.password", password);
    properties.put("salesbot.dev-services.postgres.jdbc-url", jdbcUrl());
    properties.put("salesbot.dev-services.postgres.username", USERNAME);
    properties.put("salesbot.dev-services.postgres.password", password);
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
        + ", password in "
        + dataDirectory.resolveSibling(PASSWORD_FILE)
        + ", fsync on. Set spring.r2dbc.url to use another PostgreSQL.";
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
