package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link SlaClocks} in memory; reads leads' teams from an {@link InMemoryLeads}. */
public final class InMemorySlaClocks implements SlaClocks {
  private final Map<String, SlaClock> clocks = new LinkedHashMap<>();
  private final InMemoryLeads leads;

  public InMemorySlaClocks(InMemoryLeads leads) {
    this.leads = leads;
  }

  @Override
  public synchronized Mono<SlaClock> start(SlaClock clock) {
    SlaClock old = clocks.get(clock.leadId());
    if (old != null
        && old.owner().equals(clock.owner())
        && old.startedAt().equals(clock.startedAt())) {
      return Mono.just(old);
    }
    clocks.put(clock.leadId(), clock);
    return Mono.just(clock);
  }

  @Override
  public synchronized Mono<SlaClock> find(String leadId) {
    return Mono.justOrEmpty(clocks.get(leadId));
  }

  @Override
  public synchronized Mono<SlaClock> contacted(
      String leadId, Address owner, ContactChannel channel, Instant at) {
    SlaClock c = clocks.get(leadId);
    if (c == null || !c.owner().equals(owner) || !c.running()) {
      return Mono.empty();
    }
    SlaClock done =
        new SlaClock(leadId, owner, c.startedAt(), c.dueAt(), at, channel, c.breachedAt());
    clocks.put(leadId, done);
    return Mono.just(done);
  }

  @Override
  public synchronized Mono<SlaClock> breach(String leadId, Instant dueAt, Instant at) {
    SlaClock c = clocks.get(leadId);
    if (c == null || !c.running() || !c.dueAt().equals(dueAt) || c.breachedAt() != null) {
      return Mono.empty();
    }
    SlaClock b = new SlaClock(leadId, c.owner(), c.startedAt(), c.dueAt(), null, null, at);
    clocks.put(leadId, b);
    return Mono.just(b);
  }

  @Override
  public synchronized Mono<SlaClock> extend(String leadId, Instant seenDue, Instant newDue) {
    SlaClock c = clocks.get(leadId);
    if (c == null || !c.running() || !c.dueAt().equals(seenDue)) {
      return Mono.empty();
    }
    SlaClock e = new SlaClock(leadId, c.owner(), c.startedAt(), newDue, null, null, null);
    clocks.put(leadId, e);
    return Mono.just(e);
  }

  @Override
  public synchronized Flux<SlaClock> startedSince(String teamId, Instant since) {
    return Flux.fromIterable(
        clocks.values().stream()
            .filter(c -> !c.startedAt().isBefore(since))
            .filter(
                c -> {
                  Lead l = leads.findById(c.leadId()).block();
                  return l != null && teamId.equals(l.teamId());
                })
            // Oldest first, as PostgresSlaClocks (ORDER BY started_at).
            .sorted(java.util.Comparator.comparing(SlaClock::startedAt))
            .toList());
  }
}
