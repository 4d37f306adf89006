package io.salesbot.core.sla;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Once;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The manager pressed 延长 on a response-SLA escalation: the team gets {@code extension} more to
 * claim the lead, with a new breach timer. Once per escalation card (a second press, on any
 * instance, changes nothing); a lead claimed meanwhile is only reported.
 */
public final class ExtendResponse implements CardActions.Handler {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final AsManager asManager;
  private final Leads leads;
  private final TeamDirectory directory;
  private final Timers timers;
  private final Once once;
  private final Duration extension;
  private final ResponseCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public ExtendResponse(
      Leads leads,
      TeamDirectory directory,
      Timers timers,
      Once once,
      Duration extension,
      Talk talk) {
    this.asManager = new AsManager(leads, directory, talk);
    this.leads = leads;
    this.directory = directory;
    this.timers = timers;
    this.once = once;
    this.extension = extension;
    this.cards = new ResponseCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  @Override
  public Mono<Void> handle(CardAction action) {
    String[] parts = action.payload().split(":");
    Instant seenDue;
    try {
      seenDue = Instant.ofEpochMilli(Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      return replies.reply(action, action.user(), messages.get("reply.leadNotFound"));
    }
    return asManager.check(action, parts[0], (lead, team) -> extend(action, lead, team, seenDue));
  }

  private Mono<Void> extend(CardAction action, Lead lead, Team team, Instant seenDue) {
    if (lead.status() != LeadStatus.POOLED || lead.owner() != null) {
      String text =
          lead.owner() == null
              ? messages.get("reply.leadNotFound")
              : messages.get(
                  "reply.responseAlreadyClaimed",
                  messages.leadName(lead.submission()),
                  directory.displayName(lead.owner()));
      return handled(action, lead, seenDue, text).then(replies.reply(action, action.user(), text));
    }
    String key = "response-extend:" + lead.id() + ":" + seenDue.toEpochMilli();
    return once.claim(key, action.eventId(), Duration.ofDays(30))
        .flatMap(
            mine -> {
              if (!mine) {
                return replies.reply(
                    action, action.user(), messages.get("reply.responseExtendedBefore"));
              }
              // From the click's time, so that a redelivered click schedules the same timer.
              Instant due = action.receivedAt().plus(extension).truncatedTo(ChronoUnit.MILLIS);
              String text =
                  messages.get(
                      "reply.responseExtended",
                      messages.leadName(lead.submission()),
                      TIME.format(due));
              return leads
                  .audit(
                      new AuditEntry(
                          lead.id(),
                          action.user().toString(),
                          "response_extended",
                          "response SLA due "
                              + seenDue
                              + " extended by "
                              + extension.toMinutes()
                              + " min to "
                              + due,
                          action.eventId(),
                          clock.instant()))
                  .then(ResponseClock.breachTimer(timers, lead, due))
                  .then(handled(action, lead, seenDue, text))
                  .then(replies.reply(action, action.user(), text));
            });
  }

  private Mono<Void> handled(CardAction action, Lead lead, Instant due, String what) {
    return replies.perPlatform(
        List.of(action.user()),
        (r, s) ->
            new UpdateCard(
                "handled-" + action.cardId() + "-" + action.eventId(),
                cards.handled(lead, due, what),
                r));
  }
}
