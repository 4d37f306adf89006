package io.salesbot.core.testing;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * An {@link Outbox} that keeps what was emitted and what was put aside, in order. Like the Redis
 * outbox, {@link #deferInLine} puts a command at least the spacing (one millisecond to one minute)
 * after the last one in line for the same recipients.
 */
public final class RecordingOutbox implements Outbox {
  private final List<OutboundCommand> commands = new ArrayList<>();
  private final List<Deferred> deferred = new ArrayList<>();
  private final Map<String, Instant> lines = new HashMap<>();

  /** A command put aside until {@code notBefore}. */
  public record Deferred(OutboundCommand command, Instant notBefore) {}

  /** Longest gap between two commands in one line, as in the Redis outbox. */
  private static final Duration MAX_SPACING = Duration.ofMinutes(1);

  @Override
  public synchronized Mono<Void> emit(OutboundCommand command) {
    return Mono.fromRunnable(() -> add(command));
  }

  @Override
  public synchronized Mono<Void> defer(OutboundCommand command, Instant notBefore) {
    return Mono.fromRunnable(() -> addDeferred(new Deferred(command, notBefore)));
  }

  @Override
  public Mono<Void> deferInLine(OutboundCommand command, Instant notBefore, Duration spacing) {
    return Mono.fromRunnable(() -> addInLine(command, notBefore, spacing));
  }

  private synchronized void addInLine(
      OutboundCommand command, Instant notBefore, Duration spacing) {
    Duration s = spacing.compareTo(MAX_SPACING) > 0 ? MAX_SPACING : spacing;
    if (s.compareTo(Duration.ofMillis(1)) < 0) {
      s = Duration.ofMillis(1);
    }
    String line =
        command.platform()
            + "|"
            + String.join(
                ",",
                command.recipients().stream().map(Address::toString).sorted().distinct().toList());
    Instant last = lines.get(line);
    Instant at = last != null && last.plus(s).isAfter(notBefore) ? last.plus(s) : notBefore;
    lines.put(line, at);
    deferred.add(new Deferred(command, at));
  }

  private synchronized void addDeferred(Deferred d) {
    deferred.add(d);
  }

  /** The commands put aside, in order. */
  public synchronized List<Deferred> deferred() {
    return List.copyOf(deferred);
  }

  /**
   * Fails a command whose id was already emitted to one of its recipients with different content:
   * the senders deliver a command id once per recipient, so that person would get only one of the
   * two, whichever came first (e.g. two different replies to one event).
   */
  private synchronized void add(OutboundCommand c) {
    for (OutboundCommand earlier : commands) {
      if (earlier.commandId().equals(c.commandId())
          && !earlier.equals(c)
          && earlier.recipients().stream().anyMatch(c.recipients()::contains)) {
        throw new IllegalStateException(
            "command id " + c.commandId() + " emitted twice: " + earlier + " and then " + c);
      }
    }
    commands.add(c);
  }

  public synchronized List<OutboundCommand> commands() {
    return List.copyOf(commands);
  }

  public synchronized <T extends OutboundCommand> List<T> commands(Class<T> type) {
    return commands.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public synchronized void clear() {
    commands.clear();
    deferred.clear();
    lines.clear();
  }
}
