package io.salesbot.core.command;

import io.salesbot.core.stage.SkipGate;
import reactor.core.publisher.Mono;

/** {@code /skip <deal> <reason…>}: asks the manager to let the deal past its shut gate. */
public final class SkipCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.of("skip", 2, Integer.MAX_VALUE, "/skip", "/申请跳过");

  private final DealLookup lookup;
  private final SkipGate gate;

  public SkipCommand(DealLookup lookup, SkipGate gate) {
    this.lookup = lookup;
    this.gate = gate;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    String reason = String.join(" ", call.args().subList(1, call.args().size()));
    return lookup.withDeal(call, call.args().get(0), d -> gate.request(call.message(), d, reason));
  }
}
