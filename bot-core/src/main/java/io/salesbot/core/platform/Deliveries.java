package io.salesbot.core.platform;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.domain.Delivery;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/** Record of what was sent to whom, with the platform's message references. */
public interface Deliveries {
  /** Of these recipients, the ones this command already reached. */
  Mono<Set<Address>> delivered(String commandId, List<Address> recipients);

  /** Stores deliveries; storing one twice is harmless. */
  Mono<Void> record(List<Delivery> deliveries);
}
