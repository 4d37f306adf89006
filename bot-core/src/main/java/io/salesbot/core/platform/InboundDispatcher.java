package io.salesbot.core.platform;

import io.salesbot.core.card.Cards;
import io.salesbot.core.card.Messages;
import io.salesbot.core.command.HandleCommand;
import io.salesbot.core.lead.ClaimLead;
import io.salesbot.core.lead.IngestLead;
import io.salesbot.core.platform.domain.InboundEvent;
import io.salesbot.core.platform.domain.InboundEvent.CardAction;
import io.salesbot.core.platform.domain.InboundEvent.LeadSubmitted;
import io.salesbot.core.platform.domain.InboundEvent.TextMessage;
import io.salesbot.core.platform.domain.InboundEvent.Unsupported;
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
  private final Map<String, Function<CardAction, Mono<Void>>> actions;

  public InboundDispatcher(
      IngestLead ingestLead,
      ClaimLead claimLead,
      HandleCommand handleCommand,
      Messages messages,
      Replies replies) {
    this(ingestLead, claimLead, handleCommand, messages, replies, Map.of());
  }

  /**
   * @param actions the use case of each card action besides {@code claim}, by action name
   */
  public InboundDispatcher(
      IngestLead ingestLead,
      ClaimLead claimLead,
      HandleCommand handleCommand,
      Messages messages,
      Replies replies,
      Map<String, Function<CardAction, Mono<Void>>> actions) {
    this.ingestLead = ingestLead;
    this.claimLead = claimLead;
    this.handleCommand = handleCommand;
    this.messages = messages;
    this.replies = replies;
    this.actions = Map.copyOf(actions);
  }

  @Override
  public Mono<Void> handle(InboundEvent event) {
    if (event instanceof LeadSubmitted e) {
      return ingestLead.handle(e);
    }
    if (event instanceof CardAction e) {
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
}
