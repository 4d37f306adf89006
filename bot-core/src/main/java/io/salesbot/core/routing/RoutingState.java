package io.salesbot.core.routing;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Routing state shared by every instance (PostgreSQL): each team's round-robin turn and who is off
 * duty.
 */
public interface RoutingState {
  /**
   * Takes the team's next round-robin turn (0, 1, 2, ...): one atomic increment, so two instances
   * never get the same turn.
   */
  Mono<Long> nextTurn(String teamId);

  /** Of these reps, the ones who are off duty (reps never set are on duty). */
  Mono<Set<Address>> offDuty(Collection<Address> reps);

  /** Sets a rep on or off duty; an unchanged status is harmless. */
  Mono<Void> setDuty(Address rep, boolean onDuty, Instant at);
}
