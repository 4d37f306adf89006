package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import java.util.List;
import reactor.core.publisher.Mono;

/** {@code /deal <id>}: the deal card, for its owner or the manager of its team. */
public final class DealCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("deal", 1, 1, "/deal", "/商机");

  private final DealLookup lookup;

  public DealCommand(DealLookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    var deals = lookup.deals();
    return lookup.withDeal(
        call,
        call.args().get(0),
        d -> {
          String id = "dealcard-" + call.message().eventId();
          return deals
              .dealCard(d.deal(), d.lead())
              .flatMap(
                  card ->
                      deals
                          .talk()
                          .replies()
                          .perPlatform(
                              List.of(call.user()), (r, s) -> new DeliverCard(id + s, card, r)));
        });
  }
}
