package io.salesbot.core.testing;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.OutboundCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** An {@link Outbox} that keeps what was emitted, in order. */
public final class RecordingOutbox implements Outbox {
  private final List<OutboundCommand> commands = new ArrayList<>();
  private final List<Deferred> deferred = new ArrayList<>();

  /** A command put aside until {@code notBefore}. */
  public record Deferred(OutboundCommand command, Instant notBefore) {}

  @Override
  public synchronized Mono<Void> emit(OutboundCommand command) {
    return Mono.fromRunnable(() -> add(command));
  }

  @Override
  public synchronized Mono<Void> defer(OutboundCommand command, Instant notBefore) {
    return Mono.fromRunnable(() -> addDeferred(new Deferred(command, notBefore)));
  }

  private synchronized void addDeferred(Deferred d) {
    deferred.add(d);
  }

  /** The commands put aside, in order. */
  public synchronized List<Deferred> deferred() {
    return List.copyOf(deferred);
  }

  private synchronized void add(OutboundCommand c) {
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
  }
}
