package io.salesbot.core.stage;

import io.salesbot.core.routing.domain.QuietHours;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.StageDef;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Arms a deal's stall timers whenever it is stored: an idle nudge and a stall escalation counted
 * from its last progress, a dwell warning counted from when it entered its stage, a nudge the day
 * after its next step's date, and its team's next daily digest. Timer ids carry the instant they
 * count from, so storing a deal again without progress arms nothing new, and progress arms a fresh
 * set; the old ones find the deal moved on when they fire and do nothing ({@link StallTimers}).
 * Only timers still ahead are armed, so one that fired is never armed twice.
 */
public final class StallClock {
  public static final String IDLE = "deal-idle";
  public static final String STALLED = "deal-stalled";
  public static final String DWELL = "deal-dwell";
  public static final String NEXT_STEP = "deal-next-step";
  public static final String DIGEST = "stage-digest";

  private static final System.Logger LOG = System.getLogger(StallClock.class.getName());

  private final Timers timers;
  private final StageSettings settings;
  private final TeamPolicies policies;
  private final Clock clock;

  public StallClock(Timers timers, StageSettings settings, TeamPolicies policies, Clock clock) {
    this.timers = timers;
    this.settings = settings;
    this.policies = policies;
    this.clock = clock;
  }

  /** {@code deals}, arming the stall timers of every deal it opens or saves. */
  public Deals watching(Deals deals) {
    return new WatchedDeals(deals, this);
  }

  /**
   * Arms what is ahead for {@code deal} (nothing for a closed one). A failure is logged, not passed
   * on: the deal is stored already, and the daily digest still lists a stall nobody was told of.
   */
  public Mono<Void> arm(Deal deal) {
    if (!deal.isOpen()) {
      return Mono.empty();
    }
    Instant now = clock.instant();
    return Flux.fromIterable(timersFor(deal, settings.model(), zone(deal.teamId())))
        .filter(t -> t.dueAt().isAfter(now))
        .concatMap(timers::schedule)
        .then(armDigest(deal.teamId()))
        .onErrorResume(
            e -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "could not arm the stall timers of deal " + deal.id() + ": " + e);
              return Mono.empty();
            });
  }

  /**
   * Outside quiet hours false; inside them the timer is set again for their end (true): nobody is
   * nudged at night.
   */
  Mono<Boolean> deferIfQuiet(Timer timer, String teamId) {
    QuietHours quiet = policies.of(teamId).quiet();
    Instant now = clock.instant();
    if (!quiet.isQuiet(now)) {
      return Mono.just(false);
    }
    return timers
        .schedule(
            new Timer(
                timer.id() + "-after-quiet",
                timer.kind(),
                timer.leadId(),
                quiet.endOf(now),
                timer.data()))
        .thenReturn(true);
  }

  StageSettings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  /** Arms the next daily digest of a team (stored once whoever arms it). */
  public Mono<Void> armDigest(String teamId) {
    return timers.schedule(digest(teamId, clock.instant()));
  }

  Timer digest(String teamId, Instant after) {
    ZoneId zone = zone(teamId);
    LocalDate day = after.atZone(zone).toLocalDate();
    Instant at = day.atTime(settings.digestAt()).atZone(zone).toInstant();
    if (!at.isAfter(after)) {
      day = day.plusDays(1);
      at = day.atTime(settings.digestAt()).atZone(zone).toInstant();
    }
    return new Timer("stage-digest-" + teamId + "-" + day, DIGEST, "team:" + teamId, at, teamId);
  }

  ZoneId zone(String teamId) {
    return policies.of(teamId).quiet().zone();
  }

  /**
   * The instant a timer counts from, as it is written in its id and data: epoch milliseconds of the
   * instant rounded to microseconds first, as PostgreSQL stores it, so a deal just saved (clock
   * nanoseconds) and the same deal read back give the same key.
   */
  static long key(Instant at) {
    return at.plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS).toEpochMilli();
  }

  /** A deal's stall timers; data {@code <stage>|<epoch ms counted from>}. */
  static List<Timer> timersFor(Deal deal, StageModel model, ZoneId zone) {
    StageDef stage = model.stage(deal.stage());
    long progress = key(deal.lastProgressAt());
    long entered = key(deal.stageEnteredAt());
    String id = deal.id();
    List<Timer> out = new ArrayList<>();
    out.add(
        new Timer(
            "deal-idle-" + id + "-" + progress,
            IDLE,
            id,
            deal.lastProgressAt().plus(stage.idleAfter()),
            deal.stage() + "|" + progress));
    out.add(
        new Timer(
            "deal-stalled-" + id + "-" + progress,
            STALLED,
            id,
            deal.lastProgressAt().plus(stage.stalledAfter()),
            deal.stage() + "|" + progress));
    if (stage.dwellWarning() != null) {
      out.add(
          new Timer(
              "deal-dwell-" + id + "-" + deal.stage() + "-" + entered,
              DWELL,
              id,
              deal.stageEnteredAt().plus(stage.dwellWarning()),
              deal.stage() + "|" + entered));
    }
    if (deal.nextStep() != null) {
      LocalDate due = deal.nextStep().due();
      String data = due + "|" + Integer.toHexString(deal.nextStep().text().hashCode());
      out.add(
          new Timer(
              "deal-next-step-" + id + "-" + data.replace('|', '-'),
              NEXT_STEP,
              id,
              due.plusDays(1).atStartOfDay(zone).toInstant(),
              data));
    }
    return out;
  }
}
