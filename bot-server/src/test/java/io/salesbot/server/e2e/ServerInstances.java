package io.salesbot.server.e2e;

import static org.awaitility.Awaitility.await;

import io.salesbot.server.SalesbotApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * salesbot server processes started from this test JVM's class path (the test profile and its
 * resources included), each in its own small JVM on one shared PostgreSQL and Redis, configured
 * through a generated YAML file. Every process is killed when {@link #close()} runs and, should the
 * test JVM end first (a timeout, a crash), by a shutdown hook.
 */
final class ServerInstances implements AutoCloseable {

  /** One server process. */
  static final class Instance {
    final String name;
    final int port;
    final Path log;
    private final Process process;

    private Instance(String name, int port, Path log, Process process) {
      this.name = name;
      this.port = port;
      this.log = log;
      this.process = process;
    }

    URI uri(String pathAndQuery) {
      return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    boolean alive() {
      return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful drain, nothing flushed. */
    void kill9() {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    long pid() {
      return process.pid();
    }

    @Override
    public String toString() {
      return name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path folder;
  private final List<Instance> instances = new ArrayList<>();
  private final Thread hook;

  ServerInstances(Path folder) {
    this.folder = folder;
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.hook = new Thread(this::killAll, "salesbot-instances-kill");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts {@code count} servers with {@code settings} (flat property names), in parallel, and
   * returns once each answers UP on /actuator/health.
   */
  List<Instance> start(int count, Map<String, String> settings, Duration within) {
    Path config = folder.resolve("instances.yaml");
    StringBuilder yaml = new StringBuilder();
    settings.forEach((k, v) -> yaml.append(quoted(k)).append(": ").append(quoted(v)).append('\n'));
    try {
      Files.writeString(config, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instance> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(launch("instance-" + (instances.size() + 1), config));
    }
    for (Instance instance : started) {
      await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!instance.alive()) {
                  throw new AssertionError(instance + " exited during start-up; see its log");
                }
                return healthUp(instance);
              });
    }
    return started;
  }

  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private Instance launch(String name, Path config) {
    int port = freePort();
    Path log = folder.resolve(name + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // Small: eight builds share this machine.
            "-Xmx256m",
            "-Xss512k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ActiveProcessorCount=1",
            "-Dfile.encoding=UTF-8",
            "-cp",
            System.getProperty("java.class.path"),
            SalesbotApplication.class.getName(),
            "--spring.profiles.active=test",
            "--spring.config.additional-location=file:" + config,
            "--server.address=127.0.0.1",
            "--server.port=" + port);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Instance instance = new Instance(name, port, log, process);
      synchronized (instances) {
        instances.add(instance);
      }
      return instance;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean healthUp(Instance instance) {
    try {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(instance.uri("/actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void killAll() {
    synchronized (instances) {
      for (Instance instance : instances) {
        instance.process.descendants().forEach(ProcessHandle::destroyForcibly);
        instance.process.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    killAll();
    synchronized (instances) {
      for (Instance instance : instances) {
        try {
          instance.process.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
  }
}
