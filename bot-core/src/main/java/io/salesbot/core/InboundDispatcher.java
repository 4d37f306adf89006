package io.salesbot.core;

import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.command.Welcome;
import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.InboundHandler;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.kernel.domain.InboundEvent.Unsupported;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.routing.IngestLead;
import io.salesbot.core.stage.ShareFile;
import reactor.core.publisher.Mono;

/**
 * Hands each queued inbound event to its use case: a lead to ingestion, a click to the handler its
 * action is registered with in {@link CardActions}, a text to the commands, a file or photo to the
 * evidence, a person opening the bot to the welcome.
 */
final class InboundDispatcher implements InboundHandler {
  private static final System.Logger LOG = System.getLogger(InboundDispatcher.class.getName());

  private final IngestLead ingestLead;
  private final HandleCommand handleCommand;
  private final ShareFile shareFile;
  private final Welcome welcome;
  private final CardActions actions;
  private final CardReferences references;
  private final Talk talk;

  /**
   * @param references where a click's fresh handle on its card is stored before the click is
   *     handled (see {@link CardAction#reference})
   */
  InboundDispatcher(
      IngestLead ingestLead,
      HandleCommand handleCommand,
      ShareFile shareFile,
      Welcome welcome,
      CardActions actions,
      CardReferences references,
      Talk talk) {
    this.ingestLead = ingestLead;
    this.handleCommand = handleCommand;
    this.shareFile = shareFile;
    this.welcome = welcome;
    this.actions = actions;
    this.references = references;
    this.talk = talk;
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
    if (event instanceof InboundEvent.MediaMessage e) {
      return shareFile.handle(e);
    }
    if (event instanceof InboundEvent.Entered e) {
      return welcome.handle(e);
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
  Mono<Void> remember(CardAction e) {
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
    return actions
        .handler(e.action())
        .map(h -> h.handle(e))
        .orElseGet(
            () -> talk.replies().reply(e, e.user(), talk.messages().get("reply.unknownAction")));
  }
}
