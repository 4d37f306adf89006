package io.salesbot.core.sla;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ContactChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The rep pressed <em>Contacted</em> (已联系) with the channel: stops the first-touch clock, or
 * records a follow-up when pressed again, and updates the card.
 */
public final class Contacted implements CardActions.Handler {
  private final SlaClocks clocks;
  private final Leads leads;
  private final FollowUpClock followUp;
  private final ContactListener listener;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final SlaCards cards;

  public Contacted(
      SlaClocks clocks, Leads leads, FollowUpClock followUp, Talk talk, ContactListener listener) {
    this.listener = listener;
    this.clocks = clocks;
    this.leads = leads;
    this.followUp = followUp;
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
    this.cards = new SlaCards(talk.messages());
  }

  /** The rep pressed Contacted; payload {@code <leadId>:<CHANNEL>}. */
  @Override
  public Mono<Void> handle(CardAction action) {
    String[] p = action.payload().split(":", 2);
    ContactChannel channel;
    try {
      channel = ContactChannel.parse(p.length == 2 ? p[1] : "");
    } catch (IllegalArgumentException e) {
      return replies.reply(action, action.user(), messages.get("reply.unknownAction"));
    }
    String leadId = p[0];
    Address rep = action.user();
    Instant now = clock.instant();
    return clocks
        .contacted(leadId, rep, channel, now)
        .flatMap(
            c -> {
              Duration took = java.util.Objects.requireNonNull(c.firstTouch());

              String reason =
                  "first touch by "
                      + channel.name().toLowerCase(java.util.Locale.ROOT)
                      + " after "
                      + Spans.compact(took)
                      + (c.breached()
                          ? " (SLA breached by "
                              + Spans.compact(Duration.between(c.dueAt(), now))
                              + ")"
                          : " (within the SLA)");
              return leads
                  .audit(
                      new AuditEntry(
                          leadId, rep.toString(), "contacted", reason, action.eventId(), now))
                  .thenReturn(c);
            })
        .map(c -> 1)
        // Pressed again after the first touch: a follow-up, which counts as activity.
        .switchIfEmpty(
            clocks
                .find(leadId)
                .map(c -> !c.running() && c.owner().equals(rep) ? 2 : 0)
                .defaultIfEmpty(0))
        .flatMap(
            ok -> {
              if (ok == 0) {
                return replies.reply(action, rep, messages.get("reply.notYourLead"));
              }
              Mono<Void> followUpAudit =
                  ok == 1
                      ? Mono.empty()
                      : leads
                          .audit(
                              new AuditEntry(
                                  leadId,
                                  rep.toString(),
                                  "followed_up",
                                  "follow-up by "
                                      + channel.name().toLowerCase(java.util.Locale.ROOT)
                                      + " recorded; the follow-up SLA restarts",
                                  action.eventId(),
                                  now))
                          .then(replies.reply(action, rep, messages.get("reply.followUpRecorded")));
              return leads
                  .findById(leadId)
                  .filter(lead -> lead.isOwnedBy(rep))
                  .flatMap(
                      lead ->
                          followUpAudit
                              .then(
                                  followUp.touched(leadId, String.valueOf(lead.teamId()), rep, now))
                              .then(
                                  ok == 1
                                      ? listener.firstTouch(lead, rep, now, action.eventId())
                                      : Mono.empty())
                              .thenReturn(lead))
                  .flatMap(
                      lead ->
                          clocks
                              .find(leadId)
                              .flatMap(
                                  c ->
                                      replies.perPlatform(
                                          List.of(rep),
                                          (r, s) ->
                                              new UpdateCard(
                                                  "contacted-" + leadId,
                                                  cards.contacted(
                                                      lead,
                                                      messages.get(
                                                          java.util.Objects.requireNonNull(
                                                                  c.channel())
                                                              .labelKey())),
                                                  r))));
            });
  }
}
