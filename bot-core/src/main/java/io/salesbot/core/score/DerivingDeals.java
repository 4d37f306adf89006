package io.salesbot.core.score;

import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.ForwardingDeals;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Transition;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The deals port with {@link DerivedRecords} told of every stored change: the version stored before
 * is read first, so what a change completed is known exactly (a save succeeds only over the version
 * it was made from, which is then the one read).
 */
final class DerivingDeals extends ForwardingDeals {
  private final DerivedRecords derived;

  DerivingDeals(Deals deals, DerivedRecords derived) {
    super(deals);
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
  public Mono<Deal> save(Deal next, Transition transition) {
    return saving(next, transition, Mono.defer(() -> deals.save(next, transition)));
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return saving(next, null, Mono.defer(() -> deals.save(next)));
  }
}
