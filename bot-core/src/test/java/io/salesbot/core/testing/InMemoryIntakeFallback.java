package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.lead.IntakeFallback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An {@link IntakeFallback} in memory; can be made to fail. */
public final class InMemoryIntakeFallback implements IntakeFallback {
  private final Map<String, LeadSubmitted> parked = new LinkedHashMap<>();
  private volatile boolean down;

  @Override
  public Mono<Boolean> store(LeadSubmitted event) {
    return Mono.defer(
        () -> {
          if (down) {
            return Mono.error(new IllegalStateException("database is down"));
          }
          synchronized (this) {
            return Mono.just(parked.putIfAbsent(event.eventId(), event) == null);
          }
        });
  }

  @Override
  public Flux<LeadSubmitted> pending(int limit) {
    return Flux.defer(() -> Flux.fromIterable(parked()).take(Math.max(limit, 0)));
  }

  @Override
  public Mono<Void> remove(String intakeId) {
    return Mono.fromRunnable(
        () -> {
          synchronized (this) {
            parked.remove(intakeId);
          }
        });
  }

  public void down(boolean down) {
    this.down = down;
  }

  public synchronized List<LeadSubmitted> parked() {
    return List.copyOf(parked.values());
  }
}
