package io.salesbot.core.command;

import io.salesbot.core.kernel.Found;
import io.salesbot.core.stage.DealSupport;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Finds the deal a command names (by its lead's short id) and checks the sender may act on it. */
public final class DealLookup {
  private final CommandSupport support;
  private final DealSupport deals;

  public DealLookup(CommandSupport support, DealSupport deals) {
    this.support = support;
    this.deals = deals;
  }

  public DealSupport deals() {
    return deals;
  }

  /** The owner or the team's manager only; everyone else is told it is not theirs. */
  public Mono<Void> withDeal(
      CommandCall call, String ref, Function<DealSupport.Loaded, Mono<Void>> then) {
    return support.findLead(
        call.message(),
        ref,
        lead ->
            Found.either(
                deals.load(lead.id()),
                d ->
                    deals.mayAct(d, call.user())
                        ? then.apply(d)
                        : support.say(call, "reply.deal.notYours", "#" + lead.shortId()),
                () -> support.say(call, "reply.deal.none", "#" + lead.shortId())));
  }
}
