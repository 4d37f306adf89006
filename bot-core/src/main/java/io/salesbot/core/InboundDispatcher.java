package io.salesbot.core;

import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.kernel.domain.InboundEvent.Unsupported;
import io.salesbot.core.lead.Cards;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.routing.ClaimLead;
import io.salesbot.core.routing.IngestLead;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Hands each queued inbound event to its use case. */
public final class InboundDispatcher implements InboundHandler {
  private static final System.Logger LOG = System.getLogger(InboundDispatcher.class.getName());

  private final IngestLead ingestLead;
  private final ClaimLead claimLead;
  private final HandleCommand handleCommand;
  private final Messages messages;
  private final Replies replies;
  private final CardReferences references;
  private final Map<String, Function<CardAction, Mono<Void>>> actions;

  /**
   * @param references where a click's fresh handle on its card is stored before the click is
   *     handled (see {@link CardAction#reference})
   * @param actions the use case of each card action besides {@code claim}, by action name
   */
  public InboundDispatcher(
      IngestLead ingestLead,
      ClaimLead claimLead,
      HandleCommand handleCommand,
      Messages messages,
      Replies replies,
      CardReferences references,
      Map<String, Function<CardAction, Mono<Void>>> actions) {
    this.ingestLead = ingestLead;
    this.claimLead = claimLead;
    this.handleCommand = handleCommand;
    this.messages = messages;
    this.replies = replies;
    this.references = references;
    this.actions = Map.copyOf(actions);
  }

  @Override
  public Mono<Void> handle(InboundEvent event) {
    if (event instanceof LeadSubmitted e) {
      return ingestLead.handle(e);
    }
    if (event instanceof CardAction e) {
      return remember(e).then(Mono.defer(() -> act(e)));
    }
    if (event instanceof TextMessage e) {
      return handleCommand.handle(e);
    }
    if (event instanceof InboundEvent.Entered e) {
      return handleCommand.welcome(e);
    }
    Unsupported u = (Unsupported) event;
    LOG.log(
        System.Logger.Level.INFO,
        "ignoring unsupported event {0} from {1}: {2}",
        u.eventId(),
        u.platform(),
        u.type());
    return Mono.empty();
  }

  /**
   * Stores the click's handle on its card, if it brought one, before anything may update that card.
   * A store that fails costs an update (the card is sent afresh instead), never the click.
   */
  private Mono<Void> remember(CardAction e) {
    CardAction.Reference r = e.reference();
    if (r == null) {
      return Mono.empty();
    }
    return references
        .save(
            new CardReferences.CardReference(
                e.user().platform(), e.cardId(), e.user(), r.value(), r.expiresAt()))
        .onErrorResume(
            failure -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "could not store the card reference of click {0} on {1}: {2}",
                  e.eventId(),
                  e.cardId(),
                  failure.toString());
              return Mono.empty();
            });
  }

  private Mono<Void> act(CardAction e) {
    if (Cards.CLAIM.equals(e.action())) {
      return claimLead.handle(e).then();
    }
    if (Cards.COMMAND.equals(e.action())) {
      return handleCommand.handle(
          new TextMessage(e.eventId(), e.user(), e.payload(), e.receivedAt()));
    }
    Function<CardAction, Mono<Void>> action = actions.get(e.action());
    if (action != null) {
      return action.apply(e);
    }
    return replies.reply(e, e.user(), messages.get("reply.unknownAction"));
  }
}
