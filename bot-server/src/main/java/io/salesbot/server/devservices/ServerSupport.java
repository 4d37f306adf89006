package io.salesbot.server.devservices;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/** File, port and process chores shared by the embedded PostgreSQL and Redis. */
final class ServerSupport {

  private ServerSupport() {}

  /** Whether this JVM runs as root (uid 0). */
  static boolean runningAsRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot create the dev services data folder " + dir + " (" + e + ").",
          "Make it writable, or set "
              + DevServicesSettings.DATA_DIR
              + " to a writable folder, or configure external servers"
              + " (spring.r2dbc.url, spring.data.redis.host).",
          e);
    }
    if (!Files.isWritable(dir)) {
      throw new DevServicesException(
          "The dev services data folder " + dir + " is not writable.",
          "Make it writable, or set "
              + DevServicesSettings.DATA_DIR
              + " to a writable folder, or configure external servers"
              + " (spring.r2dbc.url, spring.data.redis.host).");
    }
  }

  /**
   * Takes an exclusive lock on {@code lockFile} for the life of this JVM, so two salesbot processes
   * never run servers on the same data.
   */
  static FileLock lock(Path lockFile, String service) {
    try {
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      @Nullable FileLock lock;
      String holder;
      try {
        lock = channel.tryLock();
        holder = "Another salesbot process" + holder(lockFile);
      } catch (OverlappingFileLockException e) {
        lock = null;
        holder = "This JVM (through another class loader)";
      }
      if (lock == null) {
        channel.close();
        throw new DevServicesException(
            holder
                + " already runs the embedded "
                + service
                + " on the data in "
                + lockFile.getParent()
                + ".",
            "Stop that process, or give this one its own folder with "
                + DevServicesSettings.DATA_DIR
                + ", or configure an external "
                + service
                + ".");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + System.lineSeparator())
                  .getBytes(StandardCharsets.US_ASCII)));
      return lock;
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot lock " + lockFile + " (" + e + ").",
          "Make "
              + lockFile.getParent()
              + " writable, or set "
              + DevServicesSettings.DATA_DIR
              + ".",
          e);
    }
  }

  private static String holder(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  static void release(FileLock lock) {
    try {
      lock.release();
      lock.channel().close();
    } catch (IOException e) {
      // the lock goes away with the process anyway
    }
  }

  /**
   * Stops a server left running by an earlier salesbot process that was killed before it could stop
   * it: the server's pid file names it, and only a live process whose command contains {@code
   * commandFragment} is stopped.
   */
  static void stopLeftover(Path pidFile, String commandFragment, String service, Log log) {
    Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of);
    if (leftover.isEmpty()
        || !leftover.get().isAlive()
        || leftover.get().pid() == ProcessHandle.current().pid()
        || !leftover.get().info().command().orElse("").contains(commandFragment)) {
      return;
    }
    ProcessHandle process = leftover.get();
    log.info(
        "Stopping the embedded "
            + service
            + " (pid "
            + process.pid()
            + ") left running by an earlier salesbot process on "
            + pidFile.getParent());
    process.destroy();
    if (!waitForExit(process, Duration.ofSeconds(30))) {
      process.destroyForcibly();
      if (!waitForExit(process, Duration.ofSeconds(10))) {
        throw new DevServicesException(
            "An embedded "
                + service
                + " left over by an earlier salesbot process (pid "
                + process.pid()
                + ") still uses "
                + pidFile.getParent()
                + " and does not stop.",
            "Stop process " + process.pid() + " by hand, then start salesbot again.");
      }
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static boolean waitForExit(ProcessHandle process, Duration timeout) {
    CompletableFuture<ProcessHandle> exit = process.onExit();
    try {
      exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** A port that was free a moment ago on the loopback interface. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot find a free local port (" + e + ").",
          "Set "
              + DevServicesSettings.POSTGRES_PORT
              + " and "
              + DevServicesSettings.REDIS_PORT
              + " to free ports.",
          e);
    }
  }

  /** Whether nothing listens on {@code port} of the loopback interface. */
  static boolean isPortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static DevServicesException portBusy(
      int port, String service, String portProperty, String external) {
    return new DevServicesException(
        "Port " + port + " for the embedded " + service + " is already in use.",
        "Stop whatever uses port "
            + port
            + ", or set "
            + portProperty
            + " to a free port (or remove it to pick one), or set "
            + external
            + " to use an external "
            + service
            + ".");
  }

  /** The last {@code maxLines} lines written to {@code file} after byte {@code offset}. */
  static String tail(Path file, long offset, int maxLines) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(offset, in.length() - 64 * 1024);
      in.seek(Math.max(0, start));
      byte[] bytes = new byte[(int) (in.length() - in.getFilePointer())];
      in.readFully(bytes);
      Deque<String> lines = new ArrayDeque<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
        if (!line.isBlank()) {
          lines.addLast(line);
          if (lines.size() > maxLines) {
            lines.removeFirst();
          }
        }
      }
      return String.join(System.lineSeparator(), lines);
    } catch (IOException e) {
      return "";
    }
  }

  static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * A generated password kept in {@code file} (owner-only), so a restart finds the same one.
   *
   * @param value the password: 32 hex digits from a {@link java.security.SecureRandom}
   * @param created whether this call generated it (the file did not exist or was empty)
   */
  record Password(String value, boolean created) {
    @Override
    public String toString() {
      return "Password[value=<hidden>, created=" + created + "]";
    }
  }

  /** Reads the password in {@code file}, or generates one and writes it there (mode 600). */
  static Password password(Path file) {
    try {
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (kept.matches("[0-9a-f]{16,}")) {
          return new Password(kept, false);
        }
      }
      byte[] random = new byte[16];
      new java.security.SecureRandom().nextBytes(random);
      String value = java.util.HexFormat.of().formatHex(random);
      Path temporary = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(temporary);
      try {
        Files.createFile(
            temporary,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(temporary);
      }
      Files.writeString(temporary, value + System.lineSeparator(), StandardCharsets.US_ASCII);
      Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new Password(value, true);
    } catch (IOException e) {
      throw new DevServicesException(
          "Cannot keep the embedded servers' password in " + file + " (" + e + ").",
          "Make " + file.getParent() + " writable, or set " + DevServicesSettings.DATA_DIR + ".",
          e);
    }
  }

  /** Quotes {@code value} for a POSIX shell. */
  static String shellQuote(String value) {
    return "'" + value.replace("'", "'\"'\"'") + "'";
  }
}
