package io.salesbot.core.routing;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.DeclineReason;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A rep answers a pushed offer: <em>Accept</em> claims the lead (atomically, so a pool claim racing
 * it loses or wins cleanly) and starts the first-touch clock; <em>Decline</em> or no answer in time
 * moves the offer to the next rep. Button payloads are {@code <leadId>:<attempt>}, so a stale
 * button of an earlier offer changes nothing.
 */
public final class RespondToOffer implements TimerHandler {
  private final Leads leads;
  private final Offers offers;
  private final DistributeLead distribute;
  private final OwnerListener firstTouch;
  private final TeamDirectory directory;
  private final LeadCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;

  public RespondToOffer(
      Leads leads,
      Offers offers,
      DistributeLead distribute,
      OwnerListener firstTouch,
      TeamDirectory directory,
      Talk talk) {
    this.leads = leads;
    this.offers = offers;
    this.distribute = distribute;
    this.firstTouch = firstTouch;
    this.directory = directory;
    this.cards = new LeadCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  private record Ref(String leadId, int attempt, Optional<DeclineReason> reason) {
    static Optional<Ref> parse(String payload) {
      int last = payload.lastIndexOf(':');
      if (last > 0) {
        Optional<DeclineReason> reason = DeclineReason.parse(payload.substring(last + 1));
        if (reason.isPresent()) {
          return parse(payload.substring(0, last))
              .map(r -> new Ref(r.leadId(), r.attempt(), reason));
        }
      }
      int colon = payload.lastIndexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Ref(
                payload.substring(0, colon),
                Integer.parseInt(payload.substring(colon + 1)),
                Optional.empty()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  public Mono<Void> accept(CardAction action) {
    Optional<Ref> ref = Ref.parse(action.payload());
    if (ref.isEmpty()) {
      return replies.reply(action, action.user(), messages.get("reply.unknownAction"));
    }
    String leadId = ref.get().leadId();
    int attempt = ref.get().attempt();
    Address rep = action.user();
    return offers
        .close(leadId, attempt, rep, OfferState.ACCEPTED, clock.instant())
        .map(o -> true)
        .switchIfEmpty(wasAlready(leadId, attempt, rep, OfferState.ACCEPTED))
        .flatMap(
            ok -> {
              if (!ok) {
                return replies.reply(action, rep, messages.get("reply.offerClosed"));
              }
              AuditEntry audit =
                  new AuditEntry(
                      leadId,
                      rep.toString(),
                      "claimed",
                      "accepted offer #" + attempt,
                      action.eventId(),
                      clock.instant());
              return leads
                  .claim(leadId, rep, clock.instant(), audit)
                  .flatMap(result -> afterAccept(action, result));
            });
  }

  private Mono<Void> afterAccept(CardAction action, ClaimResult result) {
    if (result instanceof ClaimResult.Claimed claimed) {
      Lead lead = claimed.lead();
      return replies
          .perPlatform(
              List.of(action.user()),
              (r, s) ->
                  new UpdateCard(ClaimLead.winnerCommandId(lead), cards.claimedByYou(lead), r))
          .then(firstTouch.ownerTook(lead));
    }
    if (result instanceof ClaimResult.AlreadyClaimed already) {
      String owner = directory.displayName(Objects.requireNonNull(already.lead().owner()));
      return replies.reply(action, action.user(), messages.get("reply.alreadyClaimed", owner));
    }
    return replies.reply(action, action.user(), messages.get("reply.offerClosed"));
  }

  public Mono<Void> decline(CardAction action) {
    Optional<Ref> ref = Ref.parse(action.payload());
    if (ref.isEmpty()) {
      return replies.reply(action, action.user(), messages.get("reply.unknownAction"));
    }
    String leadId = ref.get().leadId();
    int attempt = ref.get().attempt();
    Address rep = action.user();
    return offers
        .close(leadId, attempt, rep, OfferState.DECLINED, clock.instant())
        .map(o -> true)
        .switchIfEmpty(wasAlready(leadId, attempt, rep, OfferState.DECLINED))
        .flatMap(
            ok -> {
              if (!ok) {
                return replies.reply(action, rep, messages.get("reply.offerClosed"));
              }
              return moveOn(
                  leadId,
                  rep,
                  "offer_declined",
                  "offer #"
                      + attempt
                      + " declined by "
                      + directory.displayName(rep)
                      + ref.get().reason().map(r -> " (reason: " + r.describe() + ")").orElse(""),
                  action.eventId(),
                  "card.offerClosed.declined");
            });
  }

  /** The offer-timeout timer: data {@code <attempt>|<rep>}. */
  @Override
  public Mono<Void> fire(Timer timer) {
    String[] data = timer.data().split("\\|", 2);
    int attempt = Integer.parseInt(data[0]);
    Address rep = Address.parse(data[1]);
    return offers
        .close(timer.leadId(), attempt, rep, OfferState.EXPIRED, clock.instant())
        .map(o -> true)
        .switchIfEmpty(wasAlready(timer.leadId(), attempt, rep, OfferState.EXPIRED))
        .flatMap(
            expired ->
                expired
                    ? moveOn(
                        timer.leadId(),
                        rep,
                        "offer_expired",
                        "offer #"
                            + attempt
                            + " to "
                            + directory.displayName(rep)
                            + " got no answer in time",
                        timer.id(),
                        "card.offerClosed.expired")
                    : Mono.empty());
  }

  /** Whether the offer is already in {@code state} for this rep (a redelivery). */
  private Mono<Boolean> wasAlready(String leadId, int attempt, Address rep, OfferState state) {
    return offers
        .of(leadId)
        .filter(o -> o.attempt() == attempt)
        .next()
        .map((Offer o) -> o.state() == state && o.rep().equals(rep))
        .defaultIfEmpty(false);
  }

  private Mono<Void> moveOn(
      String leadId, Address rep, String action, String reason, String eventId, String closedKey) {
    return leads
        .findById(leadId)
        .flatMap(
            lead -> {
              Optional<Team> team =
                  lead.teamId() == null ? Optional.empty() : directory.team(lead.teamId());
              Mono<Void> audit =
                  leads.audit(
                      new AuditEntry(
                          leadId, rep.toString(), action, reason, eventId, clock.instant()));
              Mono<Void> card =
                  replies.perPlatform(
                      List.of(rep),
                      (r, s) ->
                          new UpdateCard(
                              "closed-" + eventId,
                              cards.offerClosed(lead, messages.get(closedKey)),
                              r));
              if (team.isEmpty() || lead.owner() != null) {
                return audit.then(card);
              }
              return audit.then(card).then(distribute.pushNext(lead, team.get()));
            });
  }
}
