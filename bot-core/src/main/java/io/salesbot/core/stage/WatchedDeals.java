package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The deals port with the stall timers armed after each stored deal, so that every use case that
 * records progress (evidence, moves, skips, first touch) re-arms them without knowing of stalls.
 */
final class WatchedDeals implements Deals {
  private final Deals deals;
  private final StallClock clock;

  WatchedDeals(Deals deals, StallClock clock) {
    this.deals = deals;
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
  public Mono<Deal> find(String id) {
    return deals.find(id);
  }

  @Override
  public Mono<Deal> save(Deal next, Transition transition) {
    return armed(deals.save(next, transition));
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return armed(deals.save(next));
  }

  @Override
  public Flux<Deal> ownedBy(Address owner, int limit) {
    return deals.ownedBy(owner, limit);
  }

  @Override
  public Flux<Deal> openOfTeam(String teamId) {
    return deals.openOfTeam(teamId);
  }

  @Override
  public Flux<Deal> digestCandidates(
      String teamId, Instant since, Instant now, List<Duration> stalledAfter) {
    return deals.digestCandidates(teamId, since, now, stalledAfter);
  }

  @Override
  public Mono<Boolean> hasOpen(String teamId) {
    return deals.hasOpen(teamId);
  }

  @Override
  public Flux<Transition> transitions(String dealId) {
    return deals.transitions(dealId);
  }

  @Override
  public Mono<SkipRequest> requestSkip(SkipRequest request) {
    return deals.requestSkip(request);
  }

  @Override
  public Mono<SkipRequest> findSkip(String id) {
    return deals.findSkip(id);
  }

  @Override
  public Mono<SkipRequest> decideSkip(SkipRequest decided) {
    return deals.decideSkip(decided);
  }
}
