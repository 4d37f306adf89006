package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.platform.domain.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/** {@link Deliveries} in memory. */
public final class InMemoryDeliveries implements Deliveries {
  private final List<Delivery> deliveries = new ArrayList<>();

  @Override
  public synchronized Mono<Set<Address>> delivered(String commandId, List<Address> recipients) {
    return Mono.just(
        deliveries.stream()
            .filter(d -> d.commandId().equals(commandId) && recipients.contains(d.recipient()))
            .map(Delivery::recipient)
            .collect(Collectors.toSet()));
  }

  @Override
  public synchronized Mono<Void> record(List<Delivery> list) {
    for (Delivery d : list) {
      boolean dup =
          deliveries.stream()
              .anyMatch(
                  x -> x.commandId().equals(d.commandId()) && x.recipient().equals(d.recipient()));
      if (!dup) {
        deliveries.add(d);
      }
    }
    return Mono.empty();
  }

  public synchronized List<Delivery> all() {
    return List.copyOf(deliveries);
  }
}
