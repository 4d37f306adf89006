package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.lead.Cards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ContactChannel;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.routing.DistributeLead;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Buttons around the first-touch SLA: the rep's <em>Contacted</em> (with the channel), and the
 * manager's escalation card: <em>Reassign to…</em>, <em>Back to pool</em>, <em>Extend</em>.
 */
public final class SlaActions {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final SlaClocks clocks;
  private final Leads leads;
  private final TeamDirectory directory;
  private final AssignLead assign;
  private final DistributeLead distribute;
  private final FirstTouch firstTouch;
  private final Duration extension;
  private final Cards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final FollowUpClock followUp;

  public SlaActions(
      SlaClocks clocks,
      Leads leads,
      TeamDirectory directory,
      AssignLead assign,
      DistributeLead distribute,
      FirstTouch firstTouch,
      Duration extension,
      Cards cards,
      Messages messages,
      Replies replies,
      Clock clock,
      FollowUpClock followUp) {
    this.followUp = followUp;
    this.clocks = clocks;
    this.leads = leads;
    this.directory = directory;
    this.assign = assign;
    this.distribute = distribute;
    this.firstTouch = firstTouch;
    this.extension = extension;
    this.cards = cards;
    this.messages = messages;
    this.replies = replies;
    this.clock = clock;
  }

  /** The rep pressed Contacted; payload {@code <leadId>:<CHANNEL>}. */
  public Mono<Void> contacted(CardAction action) {
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
                      + human(took)
                      + (c.breached()
                          ? " (SLA breached by " + human(Duration.between(c.dueAt(), now)) + ")"
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

  /** The manager pressed Back to pool; payload the lead id. */
  public Mono<Void> backToPool(CardAction action) {
    return asManager(
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

  /** The manager pressed Extend; payload {@code <leadId>:<due epoch ms>}. */
  public Mono<Void> extend(CardAction action) {
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
    return asManager(
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
                                        + human(extension)
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

  /** The manager pressed Reassign to…: answers how, with the team's reps and their loads. */
  public Mono<Void> reassignHint(CardAction action) {
    return asManager(
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

  private Mono<Void> asManager(
      CardAction action,
      String leadId,
      java.util.function.BiFunction<Lead, Team, Mono<Void>> work) {
    return leads
        .findById(leadId)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return replies.reply(action, action.user(), messages.get("reply.leadNotFound"));
              }
              Lead lead = found.get();
              Optional<Team> team =
                  lead.teamId() == null ? Optional.empty() : directory.team(lead.teamId());
              if (team.isEmpty() || !team.get().isManager(action.user())) {
                return replies.reply(action, action.user(), messages.get("reply.managerOnly"));
              }
              return work.apply(lead, team.get());
            });
  }

  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s >= 60 ? (s / 60) + "m" + (s % 60 > 0 ? " " + (s % 60) + "s" : "") : s + "s";
  }
}
