package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.RoutingState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/** {@link RoutingState} in memory. */
public final class InMemoryRoutingState implements RoutingState {
  private final Map<String, Long> turns = new HashMap<>();
  private final Set<Address> off = new HashSet<>();

  @Override
  public synchronized Mono<Long> nextTurn(String teamId) {
    long turn = turns.getOrDefault(teamId, -1L) + 1;
    turns.put(teamId, turn);
    return Mono.just(turn);
  }

  @Override
  public synchronized Mono<Set<Address>> offDuty(Collection<Address> reps) {
    return Mono.just(reps.stream().filter(off::contains).collect(Collectors.toSet()));
  }

  @Override
  public synchronized Mono<Void> setDuty(Address rep, boolean onDuty, Instant at) {
    if (onDuty) {
      off.remove(rep);
    } else {
      off.add(rep);
    }
    return Mono.empty();
  }
}
