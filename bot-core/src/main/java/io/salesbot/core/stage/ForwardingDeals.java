package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.OwnedOpenDeals;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link Deals} that hands every call to another: the base of the decorators that watch what is
 * stored (the stall timers, the derived scorecard records), each overriding only the writes.
 */
public abstract class ForwardingDeals implements Deals {
  protected final Deals deals;

  protected ForwardingDeals(Deals deals) {
    this.deals = deals;
  }

  @Override
  public Mono<Deal> open(Deal deal) {
    return deals.open(deal);
  }

  @Override
  public Mono<Deal> find(String id) {
    return deals.find(id);
  }

  @Override
  public Mono<Deal> save(Deal next, Transition transition) {
    return deals.save(next, transition);
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return deals.save(next);
  }

  @Override
  public Flux<Deal> ownedBy(Address owner, int limit) {
    return deals.ownedBy(owner, limit);
  }

  @Override
  public Mono<OwnedOpenDeals> openOwnedBy(Address owner, int limit) {
    return deals.openOwnedBy(owner, limit);
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
