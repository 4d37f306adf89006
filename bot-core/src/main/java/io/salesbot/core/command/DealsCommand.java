package io.salesbot.core.command;

import io.salesbot.core.stage.DealSupport;
import io.salesbot.core.stage.domain.Deal;
import java.time.Duration;
import java.util.Comparator;
import reactor.core.publisher.Mono;

/** {@code /deals}: the sender's open deals, furthest stage first, with days in stage. */
public final class DealsCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("deals", 0, 0, "/deals", "/我的商机");

  private final CommandSupport support;
  private final DealSupport deals;

  public DealsCommand(CommandSupport support, DealSupport deals) {
    this.support = support;
    this.deals = deals;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    var now = support.talk().clock().instant();
    var m = support.messages();
    return deals
        .deals()
        .ownedBy(call.user(), 50)
        .filter(Deal::isOpen)
        .sort(Comparator.comparingInt(Deal::stage).reversed().thenComparing(Deal::id))
        .take(20)
        .concatMap(
            deal ->
                deals
                    .leads()
                    .findById(deal.id())
                    .map(
                        lead ->
                            "#"
                                + lead.shortId()
                                + " "
                                + m.leadName(lead.submission())
                                + " · "
                                + deals.cards().path(deal)
                                + " · "
                                + m.get(
                                    "deal.days",
                                    Duration.between(deal.stageEnteredAt(), now).toDays())))
        .collectList()
        .flatMap(
            lines ->
                lines.isEmpty()
                    ? support.say(call, "reply.deals.none")
                    : support.say(
                        call.message(),
                        m.get("reply.deals", lines.size()) + "\n" + String.join("\n", lines)));
  }
}
