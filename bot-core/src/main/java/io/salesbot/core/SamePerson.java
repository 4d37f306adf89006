package io.salesbot.core;

import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.team.TeamDirectory;
import reactor.core.publisher.Mono;

/**
 * Hands clicks and texts on as coming from the person's primary address when they came from one of
 * their further addresses ({@code salesbot.teams.<id>.members[n].addresses}): a claim pressed in
 * DingTalk by a rep listed with their WeCom address is that rep's claim, counted against their cap
 * and load. Answers then go to the primary address. A click's handle on its card is stored first,
 * under the address that clicked, since only that platform can use it. Files and photos keep their
 * sender: their content is fetched from the platform they came from.
 */
final class SamePerson implements InboundHandler {
  private final InboundDispatcher dispatcher;
  private final TeamDirectory directory;

  SamePerson(InboundDispatcher dispatcher, TeamDirectory directory) {
    this.dispatcher = dispatcher;
    this.directory = directory;
  }

  @Override
  public Mono<Void> handle(InboundEvent event) {
    if (event instanceof CardAction e) {
      Address person = directory.primary(e.user());
      if (!person.equals(e.user())) {
        return dispatcher
            .remember(e)
            .then(
                Mono.defer(
                    () ->
                        dispatcher.handle(
                            new CardAction(
                                e.eventId(),
                                person,
                                e.cardId(),
                                e.action(),
                                e.payload(),
                                e.receivedAt(),
                                null))));
      }
    }
    if (event instanceof TextMessage e) {
      Address person = directory.primary(e.user());
      if (!person.equals(e.user())) {
        return dispatcher.handle(
            new TextMessage(e.eventId(), person, e.text(), e.receivedAt(), e.conversation()));
      }
    }
    return dispatcher.handle(event);
  }
}
