package io.salesbot.core.testing;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/** An {@link InboundQueue} in memory that drops duplicate event ids; can be made to fail. */
public final class InMemoryInboundQueue implements InboundQueue {
  private final List<InboundEvent> events = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private volatile boolean down;

  @Override
  public Mono<Boolean> enqueue(InboundEvent event) {
    return Mono.defer(
        () -> {
          if (down) {
            return Mono.error(new IllegalStateException("queue is down"));
          }
          synchronized (this) {
            if (!seen.add(event.eventId())) {
              return Mono.just(false);
            }
            events.add(event);
            return Mono.just(true);
          }
        });
  }

  public void down(boolean down) {
    this.down = down;
  }

  public synchronized List<InboundEvent> events() {
    return List.copyOf(events);
  }
}
