package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.team.domain.Team;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** {@code /pool [page]}: a page of the team's pool as a card, one Claim button per lead. */
public final class PoolCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("pool", 0, 1, "/pool", "/公海");
  private static final int PAGE = 5;

  private final CommandSupport support;
  private final Leads leads;
  private final LeadCards cards;

  public PoolCommand(CommandSupport support, Leads leads) {
    this.support = support;
    this.leads = leads;
    this.cards = new LeadCards(support.messages());
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    Optional<Team> team = support.teamOf(call.user());
    if (team.isEmpty()) {
      return support.say(call, "reply.notInAnyTeam");
    }
    int page;
    try {
      page = call.args().isEmpty() ? 1 : Integer.parseInt(call.args().get(0));
    } catch (NumberFormatException e) {
      return support.usage(call.message(), SPEC);
    }
    if (page < 1) {
      return support.usage(call.message(), SPEC);
    }
    Team t = team.get();
    String id = "pool-" + call.message().eventId();
    return leads
        .poolSize(t.id())
        .flatMap(
            total ->
                leads
                    .pool(t.id(), (page - 1) * PAGE, PAGE)
                    .collectList()
                    .flatMap(
                        found -> {
                          int pages = (int) Math.max(1, (total + PAGE - 1) / PAGE);
                          return support
                              .talk()
                              .replies()
                              .perPlatform(
                                  List.of(call.user()),
                                  (r, s) ->
                                      new DeliverCard(
                                          id, cards.pool(id, t, found, page, pages, total), r));
                        }));
  }
}
