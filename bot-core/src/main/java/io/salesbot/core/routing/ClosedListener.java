package io.salesbot.core.routing;

import io.salesbot.core.lead.domain.Lead;
import reactor.core.publisher.Mono;

/**
 * Told when a lead ended with its deal (won, lost or invalid), so that routing can react without
 * the stages knowing it: the owner has one open lead less, which may free their cap for a parked
 * lead. {@code eventId} is the event that closed it (a redelivery schedules nothing twice).
 */
@FunctionalInterface
public interface ClosedListener {
  Mono<Void> closed(Lead lead, String eventId);
}
