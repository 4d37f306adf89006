package io.salesbot.core.command;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Greets a person who opened the bot's chat or app: a welcome card with buttons for the everyday
 * commands, or the not-registered text for someone in no team. WeCom reports every entry into the
 * app, so a person is greeted at most once in {@link #AGAIN_AFTER} (remembered by all instances
 * through {@link Once}): no spam, and no send budget spent on it. One greeting per event, however
 * often redelivered (command id {@code welcome-<eventId>}).
 */
public final class Welcome {
  /** How long a person is not greeted again. */
  public static final Duration AGAIN_AFTER = Duration.ofDays(30);

  private final CommandSupport support;
  private final CommandCards cards;
  private final Once once;

  public Welcome(CommandSupport support, Once once) {
    this.support = support;
    this.cards = new CommandCards(support.messages());
    this.once = once;
  }

  public Mono<Void> handle(InboundEvent.Entered entered) {
    Address user = entered.user();
    // Apart for the not-registered text: someone added to a team later still gets the card.
    String key = (support.registered(user) ? "welcome:" : "not-registered:") + user;
    return once.claim(key, entered.eventId(), AGAIN_AFTER)
        .flatMap(first -> first ? greet(entered) : Mono.empty());
  }

  private Mono<Void> greet(InboundEvent.Entered entered) {
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
