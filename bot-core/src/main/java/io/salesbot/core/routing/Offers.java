package io.salesbot.core.routing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Pushed offers of leads to reps, one row per (lead, attempt). */
public interface Offers {
  /**
   * Stores an open offer; when this (lead, attempt) was stored before (a redelivery, or another
   * instance racing), returns the stored one instead.
   */
  Mono<Offer> open(Offer offer);

  /**
   * Closes the open offer (lead, attempt) made to {@code rep} with {@code state}, as one
   * conditional write. Empty when it is not open (already answered or expired) or not theirs.
   */
  Mono<Offer> close(String leadId, int attempt, Address rep, OfferState state, Instant at);

  /** Every offer of a lead, by attempt. */
  Flux<Offer> of(String leadId);
}
