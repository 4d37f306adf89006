package io.salesbot.core.sla;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The manager pressed <em>Extend</em> (延长) on an escalation card: the first-touch SLA runs on by
 * {@code salesbot.sla.extension}.
 */
public final class ExtendSla implements CardActions.Handler {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final AsManager asManager;
  private final SlaClocks clocks;
  private final Leads leads;
  private final TeamDirectory directory;
  private final FirstTouch firstTouch;
  private final Duration extension;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public ExtendSla(
      SlaClocks clocks,
      Leads leads,
      TeamDirectory directory,
      FirstTouch firstTouch,
      Duration extension,
      Talk talk) {
    this.asManager = new AsManager(leads, directory, talk);
    this.clocks = clocks;
    this.leads = leads;
    this.directory = directory;
    this.firstTouch = firstTouch;
    this.extension = extension;
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /** The manager pressed Extend; payload {@code <leadId>:<due epoch ms>}. */
  @Override
  public Mono<Void> handle(CardAction action) {
    String[] p = action.payload().split(":", 2);
    if (p.length != 2) {
      return replies.reply(action, action.user(), messages.get("reply.unknownAction"));
    }
    Instant seen;
    try {
      seen = Instant.ofEpochMilli(Long.parseLong(p[1]));
    } catch (NumberFormatException e) {
      return replies.reply(action, action.user(), messages.get("reply.unknownAction"));
    }
    return asManager.check(
        action,
        p[0],
        (lead, team) ->
            clocks
                .extend(lead.id(), seen, seen.plus(extension))
                .flatMap(
                    c ->
                        leads
                            .audit(
                                new AuditEntry(
                                    lead.id(),
                                    action.user().toString(),
                                    "sla_extended",
                                    "first touch due "
                                        + c.dueAt()
                                        + " (extended by "
                                        + Spans.compact(extension)
                                        + " by "
                                        + directory.displayName(action.user())
                                        + ")",
                                    action.eventId(),
                                    clock.instant()))
                            .then(firstTouch.breachTimer(c))
                            .then(
                                replies.text(
                                    "extended-" + action.eventId(),
                                    messages.get(
                                        "reply.slaExtendedRep",
                                        messages.leadName(lead.submission()),
                                        TIME.format(c.dueAt())),
                                    List.of(c.owner())))
                            .then(
                                replies.reply(
                                    action,
                                    action.user(),
                                    messages.get(
                                        "reply.slaExtended",
                                        messages.leadName(lead.submission()),
                                        TIME.format(c.dueAt()))))
                            .thenReturn(true))
                .switchIfEmpty(
                    replies
                        .reply(action, action.user(), messages.get("reply.leadChanged"))
                        .thenReturn(false))
                .then());
  }
}
