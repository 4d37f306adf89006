package io.salesbot.core.sla;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Found;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The manager pressed 指派给… on a response-SLA escalation: the unclaimed lead goes to that rep (one
 * conditional write; the rep gets the lead card and a first-touch clock), the card says who got it.
 * When somebody claimed it meanwhile, nothing moves and the manager is told who has it.
 */
public final class AssignFromEscalation implements CardActions.Handler {
  private final AsManager asManager;
  private final TeamDirectory directory;
  private final AssignLead assign;
  private final ResponseCards cards;
  private final Messages messages;
  private final Replies replies;

  public AssignFromEscalation(Leads leads, TeamDirectory directory, AssignLead assign, Talk talk) {
    this.asManager = new AsManager(leads, directory, talk);
    this.directory = directory;
    this.assign = assign;
    this.cards = new ResponseCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
  }

  @Override
  public Mono<Void> handle(CardAction action) {
    int colon = action.payload().indexOf(':');
    if (colon <= 0) {
      return replies.reply(action, action.user(), messages.get("reply.leadNotFound"));
    }
    String leadId = action.payload().substring(0, colon);
    Address rep;
    try {
      rep = Address.parse(action.payload().substring(colon + 1));
    } catch (RuntimeException e) {
      return replies.reply(action, action.user(), messages.get("reply.leadNotFound"));
    }
    return asManager.check(action, leadId, (lead, team) -> assign(action, lead, team, rep));
  }

  private Mono<Void> assign(CardAction action, Lead lead, Team team, Address rep) {
    Optional<Member> member = team.member(rep);
    if (member.isEmpty()) {
      return replies.reply(
          action, action.user(), messages.get("reply.unknownRep", rep.toString(), team.name()));
    }
    if (lead.owner() != null) {
      return alreadyTaken(action, lead, lead.owner());
    }
    String name = member.get().name();
    return Found.either(
        assign.move(
            lead,
            null,
            rep,
            action.user(),
            "assigned",
            "response SLA escalation: "
                + team.managerName()
                + " assigned the unclaimed lead to "
                + name,
            action.eventId()),
        moved -> {
          String done =
              messages.get("reply.responseAssigned", messages.leadName(lead.submission()), name);
          return updateCard(action, lead, done).then(replies.reply(action, action.user(), done));
        },
        () ->
            asManager
                .reload(lead.id())
                .flatMap(
                    now ->
                        now.owner() == null
                            ? replies.reply(
                                action, action.user(), messages.get("reply.leadNotFound"))
                            : alreadyTaken(action, now, now.owner())));
  }

  private Mono<Void> alreadyTaken(CardAction action, Lead lead, Address owner) {
    String text =
        messages.get(
            "reply.responseAlreadyClaimed",
            messages.leadName(lead.submission()),
            directory.displayName(owner));
    return updateCard(action, lead, text).then(replies.reply(action, action.user(), text));
  }

  /** The escalation card this button was on, turned into what happened (no buttons). */
  private Mono<Void> updateCard(CardAction action, Lead lead, String what) {
    String prefix = "response-escalation-" + lead.id() + "-";
    if (!action.cardId().startsWith(prefix)) {
      return Mono.empty();
    }
    Instant due;
    try {
      due = Instant.ofEpochMilli(Long.parseLong(action.cardId().substring(prefix.length())));
    } catch (NumberFormatException e) {
      return Mono.empty();
    }
    return replies.perPlatform(
        List.of(action.user()),
        (r, s) ->
            new UpdateCard(
                "handled-" + action.cardId() + "-" + action.eventId(),
                cards.handled(lead, due, what),
                r));
  }
}
