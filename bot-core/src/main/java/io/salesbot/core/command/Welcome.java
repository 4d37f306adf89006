package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Greets a person who opened the bot's chat or app: a welcome card with buttons for the everyday
 * commands, or the not-registered text for someone in no team. One greeting per event, however
 * often redelivered (command id {@code welcome-<eventId>}).
 */
public final class Welcome {
  private final CommandSupport support;
  private final CommandCards cards;

  public Welcome(CommandSupport support) {
    this.support = support;
    this.cards = new CommandCards(support.messages());
  }

  public Mono<Void> handle(InboundEvent.Entered entered) {
    Address user = entered.user();
    var replies = support.talk().replies();
    if (!support.registered(user)) {
      return replies.reply(entered, user, support.messages().get("reply.notRegistered"));
    }
    String id = "welcome-" + entered.eventId();
    Card card =
        cards.welcome(
            id, support.directory().displayName(user), !support.managedTeams(user).isEmpty());
    return replies.perPlatform(List.of(user), (r, s) -> new DeliverCard(id + s, card, r));
  }
}
