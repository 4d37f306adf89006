package io.salesbot.core.command;

import io.salesbot.core.stage.MoveDeal;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /invalid <deal> <reason>}: not a real prospect; the reason by its number or its words from
 * the configured list (shown when it is missing or unknown).
 */
public final class InvalidCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("invalid", 1, 2, "/invalid", "/无效");

  private final DealLookup lookup;
  private final MoveDeal move;

  public InvalidCommand(DealLookup lookup, MoveDeal move) {
    this.lookup = lookup;
    this.move = move;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    List<String> reasons = lookup.deals().settings().invalidReasons();
    String reason = call.args().size() < 2 ? null : pick(reasons, call.args().get(1));
    if (reason == null) {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < reasons.size(); i++) {
        list.append(i == 0 ? "" : "、").append(i + 1).append(' ').append(reasons.get(i));
      }
      return lookup
          .deals()
          .reply(call.message(), call.user(), "reply.invalid.reasons", list.toString());
    }
    return lookup.withDeal(call, call.args().get(0), d -> move.invalid(call.message(), d, reason));
  }

  private static String pick(List<String> reasons, String word) {
    try {
      int i = Integer.parseInt(word) - 1;
      return i >= 0 && i < reasons.size() ? reasons.get(i) : null;
    } catch (NumberFormatException e) {
      return reasons.contains(word) ? word : null;
    }
  }
}
