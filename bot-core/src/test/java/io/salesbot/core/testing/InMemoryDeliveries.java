package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.platform.domain.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * {@link Deliveries} in memory; like the real store, nothing is read or written until subscribed.
 */
public final class InMemoryDeliveries implements Deliveries {
  private final List<Delivery> deliveries = new ArrayList<>();

  @Override
  public Mono<Set<Address>> delivered(String commandId, List<Address> recipients) {
    return Mono.fromSupplier(() -> deliveredNow(commandId, recipients));
  }

  private synchronized Set<Address> deliveredNow(String commandId, List<Address> recipients) {
    return deliveries.stream()
        .filter(d -> d.commandId().equals(commandId) && recipients.contains(d.recipient()))
        .map(Delivery::recipient)
        .collect(Collectors.toSet());
  }

  @Override
  public Mono<Void> record(List<Delivery> list) {
    return Mono.fromRunnable(() -> recordNow(list));
  }

  private synchronized void recordNow(List<Delivery> list) {
    for (Delivery d : list) {
      boolean dup =
          deliveries.stream()
              .anyMatch(
                  x -> x.commandId().equals(d.commandId()) && x.recipient().equals(d.recipient()));
      if (!dup) {
        deliveries.add(d);
      }
    }
  }

  public synchronized List<Delivery> all() {
    return List.copyOf(deliveries);
  }
}
