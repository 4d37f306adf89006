package io.salesbot.core.routing;

import io.salesbot.core.lead.domain.Lead;
import reactor.core.publisher.Mono;

/**
 * Told when a rep becomes a lead's owner (a claim, an accepted offer, an assignment), so that later
 * features can react without routing knowing them: the SLA starts its first-touch clock here.
 */
@FunctionalInterface
public interface OwnerListener {
  /** The lead, as it is now, with its new owner. */
  Mono<Void> ownerTook(Lead lead);
}
