package io.salesbot.core.command;

import io.salesbot.core.stage.DealSupport;
import io.salesbot.core.stage.domain.OwnedOpenDeals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /deals}: the sender's open deals, furthest stage first (then the longest in their stage),
 * with days in stage: at most {@value #SHOWN}, and when they have more, a line that says how many.
 */
public final class DealsCommand implements CommandHandler {
  static final int SHOWN = 20;
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
    return deals
        .deals()
        .openOwnedBy(call.user(), SHOWN)
        .flatMap(open -> lines(open, now).map(lines -> answer(open, lines)))
        .flatMap(
            text ->
                text.isEmpty()
                    ? support.say(call, "reply.deals.none")
                    : support.say(call.message(), text));
  }

  private Mono<List<String>> lines(OwnedOpenDeals open, Instant now) {
    var m = support.messages();
    return Flux.fromIterable(open.deals())
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
        .collectList();
  }

  /** The reply: empty when there is nothing open to list. */
  private String answer(OwnedOpenDeals open, List<String> lines) {
    if (lines.isEmpty()) {
      return "";
    }
    var m = support.messages();
    String text = m.get("reply.deals", open.total()) + "\n" + String.join("\n", lines);
    return open.cut() ? text + "\n" + m.get("reply.deals.more", open.total(), lines.size()) : text;
  }
}
