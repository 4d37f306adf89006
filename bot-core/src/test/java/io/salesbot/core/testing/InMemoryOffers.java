package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Offers} in memory. */
public final class InMemoryOffers implements Offers {
  private final List<Offer> offers = new ArrayList<>();

  @Override
  public synchronized Mono<Offer> open(Offer offer) {
    for (Offer o : offers) {
      if (o.leadId().equals(offer.leadId()) && o.attempt() == offer.attempt()) {
        return Mono.just(o);
      }
    }
    offers.add(offer);
    return Mono.just(offer);
  }

  @Override
  public synchronized Mono<Offer> close(
      String leadId, int attempt, Address rep, OfferState state, Instant at) {
    for (int i = 0; i < offers.size(); i++) {
      Offer o = offers.get(i);
      if (o.leadId().equals(leadId)
          && o.attempt() == attempt
          && o.rep().equals(rep)
          && o.state() == OfferState.OPEN) {
        Offer closed = new Offer(leadId, attempt, rep, state, o.offeredAt(), o.expiresAt());
        offers.set(i, closed);
        return Mono.just(closed);
      }
    }
    return Mono.empty();
  }

  @Override
  public synchronized Flux<Offer> of(String leadId) {
    return Flux.fromIterable(
        offers.stream()
            .filter(o -> o.leadId().equals(leadId))
            .sorted(Comparator.comparingInt(Offer::attempt))
            .toList());
  }
}
