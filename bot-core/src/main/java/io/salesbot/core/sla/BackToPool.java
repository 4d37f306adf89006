package io.salesbot.core.sla;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** The manager pressed <em>Back to pool</em> (退回公海) on an escalation card. */
public final class BackToPool implements CardActions.Handler {
  private final AsManager asManager;
  private final TeamDirectory directory;
  private final AssignLead assign;
  private final DistributeLead distribute;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public BackToPool(
      Leads leads,
      TeamDirectory directory,
      AssignLead assign,
      DistributeLead distribute,
      Talk talk) {
    this.asManager = new AsManager(leads, directory, talk);
    this.directory = directory;
    this.assign = assign;
    this.distribute = distribute;
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /** The manager pressed Back to pool; payload the lead id. */
  @Override
  public Mono<Void> handle(CardAction action) {
    return asManager.check(
        action,
        action.payload(),
        (lead, team) -> {
          Address owner = lead.owner();
          if (owner == null) {
            return replies.reply(action, action.user(), messages.get("reply.alreadyInPool"));
          }
          return assign
              .move(
                  lead,
                  owner,
                  null,
                  action.user(),
                  "recycled",
                  "back to the pool by "
                      + directory.displayName(action.user())
                      + " after the first-touch SLA of "
                      + directory.displayName(owner)
                      + " ran out",
                  action.eventId())
              .flatMap(
                  moved ->
                      replies
                          .reply(
                              action,
                              action.user(),
                              messages.get(
                                  "reply.backToPool", messages.leadName(moved.submission())))
                          .then(distribute.offerRecycled(moved, team, owner))
                          .thenReturn(true))
              .switchIfEmpty(
                  replies
                      .reply(action, action.user(), messages.get("reply.leadChanged"))
                      .thenReturn(false))
              .then();
        });
  }
}
