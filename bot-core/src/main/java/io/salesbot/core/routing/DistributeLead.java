package io.salesbot.core.routing;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.RepLoad;
import io.salesbot.core.routing.domain.Offer;
import io.salesbot.core.routing.domain.OfferState;
import io.salesbot.core.routing.domain.RepSelector;
import io.salesbot.core.routing.domain.RepState;
import io.salesbot.core.routing.domain.Selection;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Hands a pooled lead to the reps of its team by the team's strategy: grab (a card to every
 * available rep) or push (an offer to one rep with Accept / Decline and a timeout, then the next).
 * When nobody can take it, the lead waits in the pool and the manager is told. Every decision is
 * written to the audit log with its reason.
 */
public final class DistributeLead {
  /** Timer kind of a pushed offer running out. */
  public static final String OFFER_TIMEOUT = "offer-timeout";

  private final Leads leads;
  private final RoutingState state;
  private final Offers offers;
  private final Timers timers;
  private final TeamPolicies policies;
  private final LeadCards cards;
  private final Messages messages;
  private final Replies replies;
  private final Clock clock;
  private final TeamChannels channels;
  private final TeamReads reads;

  /**
   * With group bindings: a grab offer goes to the team's bound group chat instead of to each of the
   * reps on that group's platform (see {@link #grab}).
   */
  public DistributeLead(
      Leads leads,
      RoutingState state,
      Offers offers,
      Timers timers,
      TeamPolicies policies,
      Talk talk,
      TeamChannels channels) {
    this.channels = channels;
    this.leads = leads;
    this.state = state;
    this.offers = offers;
    this.timers = timers;
    this.policies = policies;
    this.cards = new LeadCards(talk.messages());
    this.messages = talk.messages();
    this.replies = talk.replies();
    this.clock = talk.clock();
    this.reads = new TeamReads(leads, state, channels);
  }

  public TeamPolicy policy(Team team) {
    return policies.of(team.id());
  }

  /**
   * The team's reps as routing sees them now: duty and load (read together with the other leads
   * being distributed at the same time, {@link TeamReads}).
   */
  public Mono<List<RepState>> states(Team team) {
    List<Address> reps = team.members().stream().map(Member::id).toList();
    Instant dayStart = policy(team).hours().startOfDay(clock.instant());
    return Mono.zip(reads.loads(reps, dayStart), reads.offDuty(reps))
        .map(
            t -> {
              Map<Address, RepLoad> loads = t.getT1();
              Set<Address> off = t.getT2();
              List<RepState> states = new ArrayList<>();
              for (Member m : team.members()) {
                RepLoad load = loads.getOrDefault(m.id(), RepLoad.NONE);
                states.add(
                    new RepState(m, !off.contains(m.id()), load.openLeads(), load.claimsToday()));
              }
              return states;
            });
  }

  /** Decides who gets the lead, excluding {@code tried}; takes a turn for round-robin teams. */
  public Mono<Selection> choose(Lead lead, Team team, Set<Address> tried) {
    TeamPolicy policy = policy(team);
    Mono<Long> turn =
        policy.strategy() == Strategy.ROUND_ROBIN ? state.nextTurn(team.id()) : Mono.just(0L);
    return Mono.zip(states(team), turn)
        .map(
            t ->
                RepSelector.select(
                    team,
                    policy,
                    t.getT1(),
                    tried,
                    t.getT2(),
                    lead.submission(),
                    clock.instant(),
                    lead.id().hashCode()));
  }

  /**
   * Grab mode: sends the offer card to the chosen reps, or tells the manager nobody can. When the
   * team is bound to a group chat ({@code /bind-team}), the card goes to that group <em>instead
   * of</em> to the chosen reps on the group's platform (one card everyone in the group sees and
   * claims from; reps on other platforms still get theirs). The selection still decides whether the
   * lead is offered at all: the group gets the card only when at least one of the available reps is
   * on its platform.
   */
  public Mono<Void> grab(Lead lead, Team team, Selection selection) {
    if (selection instanceof Selection.Broadcast b) {
      return audience(team, b.reps())
          .flatMap(
              to ->
                  replies.perPlatform(
                      to,
                      (recipients, suffix) ->
                          new DeliverCard(
                              "offer-" + lead.id() + suffix,
                              cards.leadOffer(lead, team),
                              recipients,
                              hot(lead))));
    }
    return nobody(lead, team, selection.reason(), "offer");
  }

  /**
   * Who receives a grab card for {@code reps}: the team's bound group instead of the reps on the
   * group's platform, when the team has one ({@code /bind-team}); otherwise the reps (the reps on
   * the group's platform replaced by the group, where the first of them was, so the platforms keep
   * their order and the command ids their suffixes; no rep there, no group). The team's announcer
   * ({@link TeamChannels#announcer}, a group robot) comes last, when it has one.
   */
  public Mono<List<Address>> audience(Team team, List<Address> reps) {
    return reads
        .group(team.id())
        .map(c -> inGroup(reps, c.channel()))
        .defaultIfEmpty(reps)
        .flatMap(
            to -> channels.announcer(team.id()).map(a -> withAnnouncer(to, a)).defaultIfEmpty(to));
  }

  /** The announcer last, so the other platforms keep their command-id suffixes. */
  private static List<Address> withAnnouncer(List<Address> to, Address announcer) {
    if (to.contains(announcer)) {
      return to;
    }
    List<Address> all = new ArrayList<>(to);
    all.add(announcer);
    return List.copyOf(all);
  }

  private static List<Address> inGroup(List<Address> reps, Address group) {
    List<Address> to = new ArrayList<>();
    for (Address r : reps) {
      if (!r.platform().equals(group.platform())) {
        to.add(r);
      } else if (!to.contains(group)) {
        to.add(group);
      }
    }
    return to;
  }

  /**
   * Push mode: offers the lead to the next rep. Safe to call again: while an offer is open, it only
   * sends that offer's card again.
   */
  public Mono<Void> pushNext(Lead lead, Team team) {
    return offers
        .of(lead.id())
        .collectList()
        .flatMap(
            history -> {
              for (Offer o : history) {
                if (o.state() == OfferState.OPEN) {
                  return sendOffer(lead, team, o);
                }
              }
              int attempt = history.size() + 1;
              Set<Address> tried = history.stream().map(Offer::rep).collect(Collectors.toSet());
              return choose(lead, team, tried).flatMap(s -> offer(lead, team, attempt, s));
            });
  }

  /** After a recycle: a fresh Claim card to every available rep but the previous owner. */
  public Mono<Void> offerRecycled(Lead lead, Team team, Address previousOwner) {
    return states(team)
        .flatMap(
            states -> {
              TeamPolicy grab = policy(team).withStrategy(Strategy.GRAB);
              Selection s =
                  RepSelector.select(
                      team,
                      grab,
                      states,
                      Set.of(previousOwner),
                      0,
                      lead.submission(),
                      clock.instant(),
                      0);
              if (s instanceof Selection.Broadcast b) {
                return leads
                    .audit(
                        new AuditEntry(
                            lead.id(),
                            AuditEntry.SYSTEM,
                            "offered",
                            "back in the pool: " + s.reason(),
                            "recycled-" + lead.version(),
                            clock.instant()))
                    .then(audience(team, b.reps()))
                    .flatMap(
                        to ->
                            replies.perPlatform(
                                to,
                                (r, suffix) ->
                                    new DeliverCard(
                                        "recycled-" + lead.id() + "-" + lead.version() + suffix,
                                        cards.recycledOffer(lead, team),
                                        r,
                                        hot(lead))));
              }
              return nobody(lead, team, s.reason(), "recycled-" + lead.version());
            });
  }

  private Mono<Void> offer(Lead lead, Team team, int attempt, Selection selection) {
    if (!(selection instanceof Selection.Offer chosen)) {
      return nobody(lead, team, selection.reason(), "offer-" + attempt);
    }
    Instant now = clock.instant();
    Offer fresh =
        new Offer(
            lead.id(),
            attempt,
            chosen.rep(),
            OfferState.OPEN,
            now,
            now.plus(policy(team).offerTimeout()));
    return offers
        .open(fresh)
        .flatMap(
            stored -> {
              String reason =
                  "offer #"
                      + attempt
                      + ": "
                      + (stored.rep().equals(chosen.rep())
                          ? selection.reason()
                          : "another instance offered it to " + stored.rep() + " first");
              return leads
                  .audit(
                      new AuditEntry(
                          lead.id(), AuditEntry.SYSTEM, "offered", reason, "offer-" + attempt, now))
                  .then(
                      timers.schedule(
                          new Timer(
                              "offer-timeout-" + lead.id() + "-" + attempt,
                              OFFER_TIMEOUT,
                              lead.id(),
                              stored.expiresAt(),
                              attempt + "|" + stored.rep())))
                  .then(sendOffer(lead, team, stored));
            });
  }

  private Mono<Void> sendOffer(Lead lead, Team team, Offer offer) {
    return replies.perPlatform(
        List.of(offer.rep()),
        (r, suffix) ->
            new DeliverCard(
                "offer-" + lead.id() + "-" + offer.attempt(),
                cards.pushOffer(lead, team, offer.attempt(), offer.expiresAt()),
                r,
                hot(lead)));
  }

  /** A hot lead's offers overtake routine cards waiting for the same reps' send budgets. */
  private static boolean hot(Lead lead) {
    return lead.submission().priority() == Priority.HOT;
  }

  private Mono<Void> nobody(Lead lead, Team team, String reason, String step) {
    Instant now = clock.instant();
    return leads
        .audit(
            new AuditEntry(
                lead.id(),
                AuditEntry.SYSTEM,
                "offer_skipped",
                reason + "; the lead waits in the pool",
                step,
                now))
        .then(Reoffers.atOpening(timers, lead, step, policy(team).hours(), now))
        .then(
            replies.text(
                "nobody-" + lead.id() + "-" + step,
                messages.get(
                    "reply.nobodyAvailable",
                    messages.leadName(lead.submission()),
                    "#" + lead.shortId(),
                    reason),
                List.of(team.manager())));
  }
}
