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
import io.salesbot.core.lead.domain.ClaimLimits;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A rep pressed Claim (on an offer card, a pool card or a recycled lead). The first press wins
 * atomically, within the rep's caps; the claim starts the first-touch clock; the winner's card
 * turns into "claimed by you", everyone else's into "claimed by &lt;name&gt;"; a later press gets a
 * reply and changes nothing.
 */
public final class ClaimLead {
  private static final java.time.format.DateTimeFormatter COOLDOWN_TIME =
      java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm")
          .withZone(java.time.ZoneId.of("Asia/Shanghai"));

  private final Leads leads;
  private final TeamDirectory directory;
  private final LeadCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final TeamPolicies policies;
  private final OwnerListener firstTouch;

  public ClaimLead(
      Leads leads,
      TeamDirectory directory,
      Talk talk,
      TeamPolicies policies,
      OwnerListener firstTouch) {
    this.policies = policies;
    this.firstTouch = firstTouch;
    this.leads = leads;
    this.directory = directory;
    this.cards = new LeadCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /** Decides and applies a claim, answering the rep on the chat. */
  public Mono<ClaimResult> handle(CardAction action) {
    String leadId = action.payload();
    Address rep = action.user();
    return leads
        .findById(leadId)
        .flatMap(lead -> claim(lead, rep, action))
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  ClaimResult r = new ClaimResult.NotEligible(messages.get("reply.leadNotFound"));
                  return replies
                      .reply(action, rep, messages.get("reply.leadNotFound"))
                      .thenReturn(r);
                }));
  }

  private Mono<ClaimResult> claim(Lead lead, Address rep, CardAction action) {
    Optional<Team> team = lead.teamId() == null ? Optional.empty() : directory.team(lead.teamId());
    if (team.isEmpty() || team.get().member(rep).isEmpty()) {
      String teamName = team.map(Team::name).orElse(String.valueOf(lead.teamId()));
      String text = messages.get("reply.notInTeam", teamName);
      return replies.reply(action, rep, text).thenReturn(new ClaimResult.NotEligible(text));
    }
    AuditEntry audit =
        new AuditEntry(
            lead.id(),
            rep.toString(),
            "claimed",
            "first claim, pressed on card " + action.cardId(),
            action.eventId(),
            clock.instant());
    ClaimLimits limits = policies.of(team.get().id()).limits(clock.instant());
    return leads
        .claimWithin(lead.id(), rep, clock.instant(), limits, audit)
        .flatMap(
            result -> {
              if (result instanceof ClaimResult.Claimed claimed) {
                return updateCards(claimed.lead(), team.get())
                    .then(firstTouch.ownerTook(claimed.lead()))
                    .thenReturn(result);
              }
              if (result instanceof ClaimResult.CapReached capped) {
                return leads
                    .audit(
                        new AuditEntry(
                            lead.id(),
                            rep.toString(),
                            "claim_rejected",
                            capped.reason(),
                            action.eventId(),
                            clock.instant()))
                    .then(
                        replies.reply(
                            action, rep, messages.get("reply.capReached", capped.reason())))
                    .thenReturn(result);
              }
              if (result instanceof ClaimResult.CoolingDown cooling) {
                return leads
                    .audit(
                        new AuditEntry(
                            lead.id(),
                            rep.toString(),
                            "claim_rejected",
                            "re-claim cooldown: "
                                + directory.displayName(rep)
                                + " lost this lead when it was recycled at "
                                + cooling.recycledAt()
                                + "; may claim it again from "
                                + cooling.until(),
                            action.eventId(),
                            clock.instant()))
                    .then(
                        replies.reply(
                            action,
                            rep,
                            messages.get(
                                "reply.claimCooldown",
                                messages.leadName(lead.submission()),
                                COOLDOWN_TIME.format(cooling.until()))))
                    .thenReturn(result);
              }
              if (result instanceof ClaimResult.AlreadyClaimed already) {
                Address owner = Objects.requireNonNull(already.lead().owner());
                String ownerName = directory.displayName(owner);
                AuditEntry rejected =
                    new AuditEntry(
                        lead.id(),
                        rep.toString(),
                        "claim_rejected",
                        "already claimed by " + ownerName + " (" + owner + ")",
                        action.eventId(),
                        clock.instant());
                // The clicker's own card says who won, updated with this click's reference: the
                // update of the other members' cards may have run before this click arrived, when
                // the clicker had no usable reference (WeCom's codes are single-use) and got a
                // fresh card instead of theirs.
                Mono<Void> ownCard =
                    replies.perPlatform(
                        List.of(rep),
                        (r, suffix) ->
                            new UpdateCard(
                                "claimed-" + lead.id() + "-late-" + action.eventId() + suffix,
                                cards.claimedByOther(already.lead(), ownerName),
                                r));
                return leads
                    .audit(rejected)
                    .then(
                        replies.reply(action, rep, messages.get("reply.alreadyClaimed", ownerName)))
                    .then(ownCard)
                    .thenReturn(result);
              }
              return Mono.just(result);
            });
  }

  /**
   * The command that turns the claimer's card into 已领取: one id per claim (the lead's version), so
   * that the claim and an accepted offer of the same lead share it, and a lead claimed again after
   * going back to the pool updates the card again.
   */
  static String winnerCommandId(Lead lead) {
    return "claimed-" + lead.id() + "-v" + lead.version() + "-winner";
  }

  private Mono<Void> updateCards(Lead lead, Team team) {
    Address owner = Objects.requireNonNull(lead.owner());
    String ownerName = directory.displayName(owner);
    List<Address> others =
        team.members().stream().map(Member::id).filter(id -> !id.equals(owner)).toList();
    Mono<Void> winner =
        replies.perPlatform(
            List.of(owner),
            (r, suffix) -> new UpdateCard(winnerCommandId(lead), cards.claimedByYou(lead), r));
    Mono<Void> rest =
        others.isEmpty()
            ? Mono.empty()
            : replies.perPlatform(
                others,
                (r, suffix) ->
                    new UpdateCard(
                        "claimed-" + lead.id() + "-v" + lead.version() + "-others" + suffix,
                        cards.claimedByOther(lead, ownerName),
                        r));
    return winner.then(rest);
  }
}
