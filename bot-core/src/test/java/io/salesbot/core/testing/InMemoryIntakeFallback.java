package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.lead.IntakeFallback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An {@link IntakeFallback} in memory; can be made to fail or to hang. */
public final class InMemoryIntakeFallback implements IntakeFallback {
  private final Map<String, InboundEvent> parked = new LinkedHashMap<>();
  private volatile boolean down;
  private volatile boolean hanging;

  @Override
  public Mono<Boolean> store(InboundEvent event) {
    return Mono.defer(
        () -> {
          if (hanging) {
            return Mono.never();
          }
          if (down) {
            return Mono.error(new IllegalStateException("database is down"));
          }
          synchronized (this) {
            return Mono.just(parked.putIfAbsent(event.eventId(), event) == null);
          }
        });
  }

  @Override
  public Flux<InboundEvent> pending(int limit) {
    // Like the real store: read when subscribed, oldest first.
    return Flux.defer(
        () -> {
          synchronized (this) {
            return Flux.fromIterable(List.copyOf(parked.values())).take(Math.max(limit, 0));
          }
        });
  }

  @Override
  public Mono<Void> remove(String eventId) {
    return Mono.fromRunnable(
        () -> {
          synchronized (this) {
            parked.remove(eventId);
          }
        });
  }

  public void down(boolean down) {
    this.down = down;
  }

  /** While set, writes never answer (a database that hangs). */
  public void hanging(boolean hanging) {
    this.hanging = hanging;
  }

  public synchronized List<InboundEvent> parked() {
    return List.copyOf(parked.values());
  }
}
