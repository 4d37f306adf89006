package io.salesbot.core.command;

import io.salesbot.core.stage.MoveDeal;
import reactor.core.publisher.Mono;

/** {@code /back <deal> <stage number> <reason…>}: a deal goes back to an earlier stage. */
public final class BackCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.of("back", 3, Integer.MAX_VALUE, "/back", "/退回");

  private final DealLookup lookup;
  private final MoveDeal move;

  public BackCommand(DealLookup lookup, MoveDeal move) {
    this.lookup = lookup;
    this.move = move;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    int stage;
    try {
      stage = Integer.parseInt(call.args().get(1)) - 1;
    } catch (NumberFormatException e) {
      stage = lookup.deals().model().indexOf(call.args().get(1));
      if (stage < 0) {
        int i = 0;
        for (var s : lookup.deals().model().stages()) {
          if (s.name().equals(call.args().get(1))) {
            stage = i;
          }
          i++;
        }
      }
    }
    if (stage < 0 || stage > lookup.deals().model().last()) {
      return lookup.deals().reply(call.message(), call.user(), "reply.deal.backTarget");
    }
    int to = stage;
    String reason = String.join(" ", call.args().subList(2, call.args().size()));
    return lookup.withDeal(call, call.args().get(0), d -> move.back(call.message(), d, to, reason));
  }
}
