package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.Address;
import java.util.List;

/** Who gets a lead, decided by {@link RepSelector}; {@code reason} is written to the audit log. */
public sealed interface Selection {
  String reason();

  /** Grab mode: the card goes to all of these reps. */
  record Broadcast(List<Address> reps, String reason) implements Selection {
    public Broadcast {
      reps = List.copyOf(reps);
    }
  }

  /** Push mode: the lead is offered to this one rep. */
  record Offer(Address rep, String reason) implements Selection {}

  /** Nobody can take the lead now: it waits in the pool and the manager is told. */
  record Nobody(String reason) implements Selection {}
}
