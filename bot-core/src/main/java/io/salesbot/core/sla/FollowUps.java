package io.salesbot.core.sla;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.sla.domain.Activity;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** The last activity on each owned lead, for the follow-up SLA (durable, shared by instances). */
public interface FollowUps {
  /**
   * Records activity of {@code owner} at {@code at}: a new owner replaces the row, the same owner
   * keeps the later of the two times (a redelivery never moves it backwards). Returns the stored
   * activity.
   */
  Mono<Activity> touch(String leadId, Address owner, Instant at);

  Mono<Activity> find(String leadId);
}
