package io.salesbot.core.routing;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.LeadCards;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.domain.RepSelector;
import io.salesbot.core.routing.domain.Selection;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Offers a parked lead (nobody could take it: audit {@code offer_skipped}) again when people come
 * back: when the team's working hours start, when a rep goes on duty, when a rep's cap frees up.
 * Each trigger schedules a durable timer per parked lead; the timer re-offers the lead with a Claim
 * card to every rep available now, and the audit ({@code reoffered}) says why. Exactly once per
 * park across instances: whichever trigger fires first takes the park's {@link Once} mark, the
 * others find it taken. A re-offer that still finds nobody parks the lead anew (no message to the
 * manager: they were told at the first park).
 */
public final class ReofferParked {
  /** Timer kind of a re-offer. */
  public static final String REOFFER = Reoffers.KIND;

  /** How many leads of a team's pool a trigger looks at. */
  static final int POOL_SCAN = 200;

  private static final Duration MARK_TTL = Duration.ofDays(30);

  private final Leads leads;
  private final DistributeLead distribute;
  private final Timers timers;
  private final Once once;
  private final TeamDirectory directory;
  private final LeadCards cards;
  private final Replies replies;
  private final Clock clock;

  public ReofferParked(
      Leads leads,
      DistributeLead distribute,
      Timers timers,
      Once once,
      TeamDirectory directory,
      Talk talk) {
    this.leads = leads;
    this.distribute = distribute;
    this.timers = timers;
    this.once = once;
    this.directory = directory;
    this.cards = new LeadCards(talk.messages());
    this.replies = talk.replies();
    this.clock = talk.clock();
  }

  /**
   * A rep went on duty: schedules a re-offer of each parked lead of the rep's teams. {@code
   * trigger} is the event's id (a redelivered event schedules nothing twice).
   */
  public Mono<Void> onDuty(Address rep, String trigger) {
    return Flux.fromIterable(directory.teams())
        .filter(t -> t.member(rep).isPresent())
        .concatMap(t -> team(t, trigger, directory.displayName(rep) + " went on duty"))
        .then();
  }

  /** A rep has one lead less (recycled, moved away, closed): their cap may have freed up. */
  public Mono<Void> capFreed(Address rep, String trigger) {
    return Flux.fromIterable(directory.teams())
        .filter(t -> t.member(rep).isPresent())
        .filter(t -> capped(distribute.policy(t)))
        .concatMap(t -> team(t, trigger, "a cap of " + directory.displayName(rep) + " freed up"))
        .then();
  }

  private static boolean capped(TeamPolicy p) {
    return p.maxOpenLeads() > 0 || p.maxClaimsPerDay() > 0;
  }

  /** Schedules, due now, a re-offer of each parked lead in {@code team}'s pool. */
  public Mono<Void> team(Team team, String trigger, String why) {
    Instant now = clock.instant();
    return leads
        .pool(team.id(), 0, POOL_SCAN)
        .concatMap(
            lead ->
                leads
                    .history(lead.id())
                    .collectList()
                    .mapNotNull(Reoffers::park)
                    .flatMap(
                        park -> timers.schedule(Reoffers.now(lead.id(), park, trigger, why, now))))
        .then();
  }

  /** What a re-offer timer does: re-offers the lead if it is still parked as it was. */
  public TimerHandler handler() {
    return this::fire;
  }

  private Mono<Void> fire(Timer timer) {
    String[] data = timer.data().split("\\|", 2);
    String park = data[0];
    String why = data.length > 1 ? data[1] : "re-offer";
    return leads
        .findById(timer.leadId())
        .filter(l -> l.status() == LeadStatus.POOLED && l.owner() == null && l.teamId() != null)
        .flatMap(
            lead ->
                leads
                    .history(lead.id())
                    .collectList()
                    .filter(h -> park.equals(Reoffers.park(h)))
                    .flatMap(
                        history ->
                            once.claim("reoffer:" + lead.id() + ":" + park, timer.id(), MARK_TTL)
                                .filter(mine -> mine)
                                .flatMap(
                                    mine ->
                                        reoffer(lead, why, timer.id(), Reoffers.parks(history)))));
  }

  private Mono<Void> reoffer(Lead lead, String why, String trigger, long parks) {
    Optional<Team> found = directory.team(String.valueOf(lead.teamId()));
    if (found.isEmpty()) {
      return Mono.empty();
    }
    Team team = found.get();
    Instant now = clock.instant();
    return distribute
        .states(team)
        .flatMap(
            states -> {
              Selection s =
                  RepSelector.select(
                      team,
                      distribute.policy(team).withStrategy(Strategy.GRAB),
                      states,
                      Set.of(),
                      0,
                      lead.submission(),
                      now,
                      0);
              if (s instanceof Selection.Broadcast b) {
                // Cards first, then the audit that un-parks the lead: a crash in between fires the
                // timer again, which holds the mark and sends the same commands (sent once).
                AuditEntry reoffered =
                    new AuditEntry(
                        lead.id(),
                        AuditEntry.SYSTEM,
                        "reoffered",
                        why + "; " + s.reason(),
                        trigger,
                        now);
                return distribute
                    .audience(team, b.reps())
                    .flatMap(
                        to ->
                            replies.perPlatform(
                                to,
                                (r, suffix) ->
                                    new DeliverCard(
                                        "reoffer-" + lead.id() + "-" + parks + suffix,
                                        cards.leadOffer(lead, team),
                                        r,
                                        lead.submission().priority() == Priority.HOT)))
                    .then(leads.audit(reoffered));
              }
              String park = "reoffer-" + (parks + 1);
              return leads
                  .audit(
                      new AuditEntry(
                          lead.id(),
                          AuditEntry.SYSTEM,
                          Reoffers.PARKED,
                          why + ", but " + s.reason() + "; the lead waits in the pool",
                          park,
                          now))
                  .then(
                      Reoffers.atOpening(timers, lead, park, distribute.policy(team).hours(), now));
            });
  }
}
