package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.sla.domain.Activity;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link FollowUps} in memory, with the same keep-the-latest rule as PostgreSQL. */
public final class InMemoryFollowUps implements FollowUps {
  private final Map<String, Activity> byLead = new HashMap<>();

  @Override
  public synchronized Mono<Activity> touch(String leadId, Address owner, Instant at) {
    Activity old = byLead.get(leadId);
    Activity now =
        old != null && old.owner().equals(owner) && old.lastAt().isAfter(at)
            ? old
            : new Activity(leadId, owner, at);
    byLead.put(leadId, now);
    return Mono.just(now);
  }

  @Override
  public synchronized Mono<Activity> find(String leadId) {
    return Mono.justOrEmpty(byLead.get(leadId));
  }
}
