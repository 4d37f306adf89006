package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The deals port with {@link DerivedRecords} told of every stored change: the version stored before
 * is read first, so what a change completed is known exactly (a save succeeds only over the version
 * it was made from, which is then the one read).
 */
final class DerivingDeals implements Deals {
  private final Deals deals;
  private final DerivedRecords derived;

  DerivingDeals(Deals deals, DerivedRecords derived) {
    this.deals = deals;
    this.derived = derived;
  }

  private Mono<Deal> saving(Deal next, @Nullable Transition t, Mono<Deal> save) {
    if (!derived.enabled()) {
      return save;
    }
    return deals
        .find(next.id())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            before ->
                save.flatMap(
                    saved -> derived.changed(before.orElse(null), saved, t).thenReturn(saved)));
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
    return saving(next, transition, Mono.defer(() -> deals.save(next, transition)));
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return saving(next, null, Mono.defer(() -> deals.save(next)));
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
