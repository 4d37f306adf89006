package io.salesbot.core.routing;

import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.team.domain.Team;
import reactor.core.publisher.Mono;

/**
 * Told when a lead already in a team became hot (a repeat visit, {@link RepeatVisit}), so that its
 * SLAs follow the new priority without routing knowing them: the response SLA of a pooled lead and
 * the first-touch SLA of a claimed one are shortened to the hot ones. Must be idempotent.
 */
@FunctionalInterface
public interface PriorityListener {
  PriorityListener NONE = (lead, team) -> Mono.empty();

  /** The lead, as it is now (hot). */
  Mono<Void> madeHot(Lead lead, Team team);

  /**
   * The lead, as it is now, after a repeat intake was merged into it without a change of priority
   * (its version moved, so timers armed for the old one must be armed again). Nothing by default.
   */
  default Mono<Void> merged(Lead lead, Team team, java.time.Instant now) {
    return Mono.empty();
  }
}
