package io.salesbot.core.platform;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.domain.Delivery;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Record of what was sent to whom, with the platform's message references. */
public interface Deliveries {
  /** Of these recipients, the ones this command already reached. */
  Mono<Set<Address>> delivered(String commandId, List<Address> recipients);

  /**
   * {@link #delivered} for several commands at once: one answer per question, in order. A store
   * answers them with one query (the outbox sender asks for the commands it handles at the same
   * time together); this default asks one by one.
   */
  default Mono<List<Set<Address>>> deliveredAll(List<Asked> questions) {
    return Flux.fromIterable(questions)
        .concatMap(q -> delivered(q.commandId(), q.recipients()))
        .collectList();
  }

  /** Stores deliveries; storing one twice is harmless. */
  Mono<Void> record(List<Delivery> deliveries);

  /** Which of {@code recipients} has command {@code commandId} reached? */
  record Asked(String commandId, List<Address> recipients) {
    public Asked {
      recipients = List.copyOf(recipients);
    }
  }
}
