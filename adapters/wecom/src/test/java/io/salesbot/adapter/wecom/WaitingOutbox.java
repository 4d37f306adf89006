package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import reactor.core.publisher.Mono;

/**
 * The waiting part of the outbox in memory, with the Redis outbox's rules: commands wait until
 * their not-before, come back earliest first (oldest first among equals), and {@link #deferInLine}
 * puts a command at least {@code spacing} after the last one waiting for the same recipients.
 * {@link #emit} is not used by these tests.
 */
final class WaitingOutbox implements Outbox {
  private record Waiting(Instant notBefore, long seq, OutboundCommand command) {}

  private final Clock clock;
  private final TreeSet<Waiting> waiting =
      new TreeSet<>(Comparator.comparing(Waiting::notBefore).thenComparingLong(Waiting::seq));
  private final Map<String, Instant> lines = new HashMap<>();
  private long seq;

  WaitingOutbox(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Void> emit(OutboundCommand command) {
    return Mono.error(new UnsupportedOperationException("not used here"));
  }

  @Override
  public synchronized Mono<Void> defer(OutboundCommand command, Instant notBefore) {
    waiting.add(new Waiting(notBefore, seq++, command));
    return Mono.empty();
  }

  @Override
  public synchronized Mono<Void> deferInLine(
      OutboundCommand command, Instant notBefore, Duration spacing) {
    String line =
        String.join(",", command.recipients().stream().map(Address::toString).sorted().toList());
    Instant last = lines.get(line);
    Instant at = notBefore;
    if (last != null && last.plus(spacing).isAfter(at)) {
      at = last.plus(spacing);
    }
    lines.put(line, at);
    return defer(command, at);
  }

  /** Takes up to {@code max} commands whose time has come, earliest first. */
  synchronized List<OutboundCommand> releaseDue(int max) {
    List<OutboundCommand> due = new ArrayList<>();
    Instant now = clock.instant();
    while (due.size() < max && !waiting.isEmpty() && !waiting.first().notBefore().isAfter(now)) {
      due.add(waiting.pollFirst().command());
    }
    return due;
  }

  synchronized int size() {
    return waiting.size();
  }

  /** When the next command is due, if any waits. */
  synchronized Optional<Instant> nextDue() {
    return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.first().notBefore());
  }
}
