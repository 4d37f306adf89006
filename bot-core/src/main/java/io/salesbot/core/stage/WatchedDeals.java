package io.salesbot.core.stage;

import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Transition;
import reactor.core.publisher.Mono;

/**
 * The deals port with the stall timers armed after each stored deal, so that every use case that
 * records progress (evidence, moves, skips, first touch) re-arms them without knowing of stalls.
 */
final class WatchedDeals extends ForwardingDeals {
  private final StallClock clock;

  WatchedDeals(Deals deals, StallClock clock) {
    super(deals);
    this.clock = clock;
  }

  private Mono<Deal> armed(Mono<Deal> stored) {
    return stored.flatMap(d -> clock.arm(d).thenReturn(d));
  }

  @Override
  public Mono<Deal> open(Deal deal) {
    return armed(deals.open(deal));
  }

  @Override
  public Mono<Deal> save(Deal next, Transition transition) {
    return armed(deals.save(next, transition));
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return armed(deals.save(next));
  }
}
