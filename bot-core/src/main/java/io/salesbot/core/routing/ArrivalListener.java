package io.salesbot.core.routing;

import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.domain.Team;
import reactor.core.publisher.Mono;

/**
 * Told when a new lead arrives in a team's pool (and again when that intake is redelivered), so
 * that the response SLA can start from the arrival. Must be idempotent.
 */
@FunctionalInterface
public interface ArrivalListener {
  ArrivalListener NONE = (lead, team) -> Mono.empty();

  Mono<Void> arrived(Lead lead, Team team);
}
