package io.salesbot.core.sla;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The manager pressed <em>Reassign to…</em> (改派) on an escalation card: answers how, with the
 * team's reps and their loads.
 */
public final class ReassignHint implements CardActions.Handler {
  private final AsManager asManager;
  private final DistributeLead distribute;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public ReassignHint(Leads leads, TeamDirectory directory, DistributeLead distribute, Talk talk) {
    this.asManager = new AsManager(leads, directory, talk);
    this.distribute = distribute;
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /** The manager pressed Reassign to…: answers how, with the team's reps and their loads. */
  @Override
  public Mono<Void> handle(CardAction action) {
    return asManager.check(
        action,
        action.payload(),
        (lead, team) ->
            distribute
                .states(team)
                .flatMap(
                    states -> {
                      String reps =
                          states.stream()
                              .filter(s -> !s.member().id().equals(lead.owner()))
                              .map(
                                  s ->
                                      s.member().name()
                                          + "("
                                          + s.openLeads()
                                          + (s.onDuty() ? "" : ", off")
                                          + ")")
                              .collect(Collectors.joining(", "));
                      return replies.reply(
                          action,
                          action.user(),
                          messages.get("reply.reassignHint", "#" + lead.shortId(), reps));
                    }));
  }
}
