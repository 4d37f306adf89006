package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.server.devservices.DevServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Freezes the embedded PostgreSQL: every server process (postmaster, backends, writers) stopped
 * with SIGSTOP, so connections stay open and nothing answers, as with a hung host. {@link #close()}
 * thaws it (SIGCONT); use it in try-with-resources so a failing test never leaves it frozen.
 */
final class FrozenPostgres implements AutoCloseable {
  private final List<String> pids;

  private FrozenPostgres(List<String> pids) {
    this.pids = pids;
    signal("-STOP");
  }

  static FrozenPostgres freeze() {
    try {
      String pid =
          Files.readAllLines(DevServices.postgres().dataDirectory().resolve("postmaster.pid"))
              .get(0)
              .strip();
      ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
      return new FrozenPostgres(
          Stream.concat(Stream.of(postmaster), postmaster.descendants())
              .map(p -> Long.toString(p.pid()))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    signal("-CONT");
  }

  private void signal(String signal) {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    command.addAll(pids);
    try {
      Process kill = new ProcessBuilder(command).inheritIO().start();
      assertThat(kill.waitFor()).as("kill " + signal).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
