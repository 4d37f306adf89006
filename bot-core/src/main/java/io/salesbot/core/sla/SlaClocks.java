package io.salesbot.core.sla;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.sla.domain.SlaClock;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable first-touch clocks, one per lead (a new owner restarts it). Every change is a conditional
 * write, so a redelivered event or a timer firing twice changes nothing twice.
 */
public interface SlaClocks {
  /**
   * Starts the lead's clock for its owner; a clock with the same owner and start is kept as it is
   * (a redelivery). Returns the stored clock.
   */
  Mono<SlaClock> start(SlaClock clock);

  Mono<SlaClock> find(String leadId);

  /** Stops a running clock of {@code owner}; empty when it is not theirs or was stopped before. */
  Mono<SlaClock> contacted(String leadId, Address owner, ContactChannel channel, Instant at);

  /**
   * Marks the clock breached if it is still running, still due at {@code dueAt} and not marked
   * before: the one place that decides an escalation, so it happens once. Empty otherwise.
   */
  Mono<SlaClock> breach(String leadId, Instant dueAt, Instant at);

  /** Moves a running clock due at {@code seenDue} to {@code newDue}; empty if it changed since. */
  Mono<SlaClock> extend(String leadId, Instant seenDue, Instant newDue);

  /** Clocks started since {@code since} for leads of a team. */
  Flux<SlaClock> startedSince(String teamId, Instant since);
}
