package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Awards;
import io.salesbot.core.score.domain.DimensionScore;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationEvent.Action;
import io.salesbot.core.score.domain.PublicationState;
import io.salesbot.core.score.domain.PublishedScore;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /publish}: freezes the month's drafts as its next version, sends each team manager a
 * leaderboard and arms the sweep (timer kind {@value #WITHHELD}) that sends each rep their
 * scorecard card in batches; reps with an open hold are withheld and get theirs, for that version,
 * once the hold is lifted (the sweep comes back every {@link #SWEEP} while any wait). {@code
 * /hold}: stops what is not sent yet until the next publish. Awards and the talent pool follow the
 * versions in force ({@link Awards}).
 */
public final class PublishScorecards {
  /** The timer kind of the sweep that sends withheld cards whose holds were lifted. */
  public static final String WITHHELD = "scorecards-withheld";

  /** How often withheld cards are looked at while any remain. */
  public static final Duration SWEEP = Duration.ofMinutes(10);

  /**
   * The most cards one sweep run hands to the outbox (a timer's handler has 20 s); the outbox and
   * the platforms' send budgets pace the sending, not the sweep.
   */
  public static final int RUN = 2_500;

  /**
   * Cards noted sent in one write and then handed to the outbox together: a crash between the two
   * loses at most these (each card is noted before it is sent, so none is ever sent twice).
   */
  public static final int BATCH = 100;

  private final ScoreDrafts drafts;
  private final Records records;
  private final Publications publications;
  private final ScorecardNotices notices;
  private final PublicationPolicy policy;
  private final Timers timers;
  private final Clock clock;

  public PublishScorecards(
      ScoreDrafts drafts,
      Records records,
      Publications publications,
      ScorecardNotices notices,
      PublicationPolicy policy,
      Timers timers,
      Clock clock) {
    this.drafts = drafts;
    this.records = records;
    this.publications = publications;
    this.notices = notices;
    this.policy = policy;
    this.timers = timers;
    this.clock = clock;
  }

  /**
   * A request to publish or hold a month; {@code reason} may be blank for a publish; {@code
   * request} identifies it (the chat message's event id): a publish redelivered after a timeout is
   * recognised by it instead of making another version.
   */
  public record Command(YearMonth period, Address by, String reason, String request) {}

  /** What became of a publish. */
  public sealed interface Published {
    /**
     * Version {@code version} is in force; {@code sent} cards are on their way, {@code withheld}
     * wait for holds.
     */
    record Done(int version, int sent, int withheld) implements Published {}

    record NotPermitted() implements Published {}

    /** The month's feeds hold it; nothing was stored. */
    record HeldByFeeds(List<String> reasons) implements Published {}

    /** Nobody is scored in the month. */
    record NothingToPublish() implements Published {}

    /** Someone else published a version of the month at the same moment; nothing was stored. */
    record Conflict() implements Published {}
  }

  /** What became of a hold. */
  public sealed interface Held {
    /** Held; {@code inForce} is the version in force (0 for none). */
    record Done(int inForce) implements Held {}

    record NotPermitted() implements Held {}

    record ReasonRequired() implements Held {}
  }

  public Mono<Published> publish(Command c) {
    if (!policy.mayPublish(c.by())) {
      return Mono.just(new Published.NotPermitted());
    }
    return correction(c);
  }

  /**
   * A publish for an accepted dispute: the rep's manager answers it, publisher or not, and the
   * correction is published at once (the version's audit names the manager and the dispute).
   */
  Mono<Published> correction(Command c) {
    return policy
        .feedHolds()
        .apply(c.period())
        .defaultIfEmpty(List.of())
        .flatMap(
            reasons ->
                reasons.isEmpty()
                    ? publications
                        .audit(c.period())
                        .filter(
                            e -> e.action() == Action.PUBLISH && e.request().equals(c.request()))
                        .next()
                        .flatMap(done -> resume(c.period(), done.version()))
                        .switchIfEmpty(
                            Mono.defer(() -> drafts.draft(c.period()).flatMap(d -> freeze(c, d))))
                    : Mono.just(new Published.HeldByFeeds(List.copyOf(reasons))));
  }

  /**
   * The same publish again (redelivered after a timeout): no new version; the leaderboards (their
   * command ids make a repeat harmless) and the sweep once more, in case the first try stopped
   * before them.
   */
  private Mono<Published> resume(YearMonth period, int version) {
    return publications
        .version(period, version)
        .flatMap(
            p ->
                (version > 1
                        ? publications.version(period, version - 1)
                        : Mono.<Publication>empty())
                    .map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(
                        prev ->
                            notices
                                .leaderboards(p, prev.orElse(null), Awards.excellence(p.scores()))
                                .then(arm(Duration.ZERO))
                                .thenReturn(
                                    (Published)
                                        new Published.Done(
                                            version,
                                            p.scores().size() - p.withheld().size(),
                                            p.withheld().size()))));
  }

  private Mono<Published> freeze(Command c, ScoreDrafts.Draft draft) {
    List<Scorecard> cards = draft.cards();
    if (cards.isEmpty()) {
      return Mono.just(new Published.NothingToPublish());
    }
    Mono<Set<Address>> held =
        records
            .openHolds()
            .filter(h -> h.period().equals(c.period()))
            .map(Hold::rep)
            .collect(Collectors.toSet());
    return Mono.zip(held, publications.state(c.period()))
        .flatMap(
            t -> {
              PublicationState state = t.getT2();
              Set<Address> withheld = new HashSet<>(t.getT1());
              withheld.retainAll(cards.stream().map(Scorecard::rep).collect(Collectors.toSet()));
              List<PublishedScore> scores =
                  cards.stream()
                      .map(s -> PublishedScore.of(s, behind(s, draft.versions())))
                      .toList();
              Publication next =
                  new Publication(
                      c.period(), state.latest() + 1, clock.instant(), c.by(), scores, withheld);
              PublicationEvent audit =
                  new PublicationEvent(
                      c.period(),
                      Action.PUBLISH,
                      next.version(),
                      c.by(),
                      c.reason().strip(),
                      clock.instant(),
                      c.request());
              return previous(state)
                  .map(java.util.Optional::of)
                  .defaultIfEmpty(java.util.Optional.empty())
                  .flatMap(
                      prev ->
                          PublishedMonths.load(
                                  publications,
                                  c.period().minusMonths(ScorecardNotices.TREND_MONTHS - 1),
                                  c.period().plusMonths(Awards.STREAK - 1))
                              .flatMap(
                                  before ->
                                      publications
                                          .publish(next, audit)
                                          .flatMap(
                                              stored ->
                                                  stored
                                                      ? send(next, prev.orElse(null), before)
                                                      : Mono.just(new Published.Conflict()))));
            });
  }

  /** The version that came before in force: this month's, else the month before's. */
  private Mono<Publication> previous(PublicationState state) {
    if (state.inForce() > 0) {
      return publications.version(state.period(), state.inForce());
    }
    YearMonth before = state.period().minusMonths(1);
    return publications
        .state(before)
        .filter(s -> s.inForce() > 0)
        .flatMap(s -> publications.version(before, s.inForce()));
  }

  /**
   * After the version is stored: the leaderboards and talent-pool news now (a few messages), the
   * reps' cards by the sweep timer, armed at once (thousands of cards do not fit in one chat
   * command's time; the sweep sends them in batches, each once).
   */
  private Mono<Published> send(
      Publication p, @Nullable Publication previous, Map<YearMonth, List<PublishedScore>> before) {
    Map<YearMonth, List<PublishedScore>> after = PublishedMonths.with(before, p.period(), p);
    Set<Address> awards = Awards.excellence(p.scores());
    int now = p.scores().size() - p.withheld().size();
    return notices
        .leaderboards(p, previous, awards)
        .then(announce(p, before, after))
        .then(arm(Duration.ZERO))
        .thenReturn(new Published.Done(p.version(), now, p.withheld().size()));
  }

  private Mono<Void> announce(
      Publication p,
      Map<YearMonth, List<PublishedScore>> before,
      Map<YearMonth, List<PublishedScore>> after) {
    return Flux.fromIterable(PublishedMonths.poolChanges(before, after, p.period()))
        .concatMap(
            ch ->
                notices.talentPool(
                    "talent-pool-"
                        + ch.month()
                        + "-"
                        + p.period()
                        + "-v"
                        + p.version()
                        + "-"
                        + ch.rep(),
                    ch.month(),
                    ch.rep(),
                    ch.joined()))
        .then();
  }

  public Mono<Held> hold(Command c) {
    if (!policy.mayPublish(c.by())) {
      return Mono.just(new Held.NotPermitted());
    }
    if (c.reason().isBlank()) {
      return Mono.just(new Held.ReasonRequired());
    }
    return publications
        .state(c.period())
        .flatMap(
            s ->
                publications
                    .hold(
                        new PublicationEvent(
                            c.period(),
                            Action.HOLD,
                            s.inForce(),
                            c.by(),
                            c.reason().strip(),
                            clock.instant(),
                            c.request()))
                    .thenReturn(new Held.Done(s.inForce())));
  }

  /**
   * Sends the cards of the versions in force (of months not held) not sent yet, at most {@link
   * #RUN}, skipping reps whose hold on the month is still open; each card once. The number of cards
   * still waiting for holds: negative when the run was full (more may be ready now).
   */
  public Mono<Integer> sendPending() {
    AtomicInteger budget = new AtomicInteger(RUN);
    return records
        .openHolds()
        .collectList()
        .flatMap(
            holds ->
                publications
                    .open()
                    .concatMap(s -> publications.shown(s.period(), s.inForce()))
                    .concatMap(p -> sendPending(p, holds, budget))
                    .reduce(0, Integer::sum))
        .map(waiting -> budget.get() <= 0 ? -1 : waiting);
  }

  /**
   * One version's cards not sent yet, from one read of the version (without the records behind the
   * scores) and of what was sent: in batches of {@link #BATCH}, each noted sent in one write and
   * then handed to the outbox together (the emits of a batch share outbox round trips).
   */
  private Mono<Integer> sendPending(Publication p, List<Hold> holds, AtomicInteger budget) {
    Set<Address> stillHeld =
        holds.stream()
            .filter(h -> h.period().equals(p.period()))
            .map(Hold::rep)
            .collect(Collectors.toSet());
    int waiting = (int) p.scores().stream().filter(s -> stillHeld.contains(s.rep())).count();
    if (budget.get() <= 0) {
      return Mono.just(waiting);
    }
    return Mono.zip(
            publications.sent(p.period(), p.version()),
            PublishedMonths.loadShown(
                publications,
                p.period().minusMonths(ScorecardNotices.TREND_MONTHS - 1),
                p.period().minusMonths(1)))
        .flatMap(
            t -> {
              Set<Address> sent = t.getT1();
              List<PublishedScore> due =
                  p.scores().stream()
                      .filter(s -> !stillHeld.contains(s.rep()) && !sent.contains(s.rep()))
                      .limit(Math.max(0, budget.get()))
                      .toList();
              budget.addAndGet(-due.size());
              ScorecardSheet sheet = new ScorecardSheet(p, t.getT2());
              return Flux.fromIterable(due)
                  .buffer(BATCH)
                  .concatMap(batch -> sendBatch(sheet, batch))
                  .then(Mono.just(waiting));
            });
  }

  /** Notes a batch sent, then sends the cards of those noted now (not by another sweep before). */
  private Mono<Void> sendBatch(ScorecardSheet sheet, List<PublishedScore> batch) {
    Publication p = sheet.publication();
    return publications
        .markSent(p.period(), p.version(), batch.stream().map(PublishedScore::rep).toList())
        .flatMapMany(first -> Flux.fromIterable(batch).filter(s -> first.contains(s.rep())))
        .flatMap(s -> notices.scorecard(sheet, s), BATCH)
        .then();
  }

  /**
   * The sweep's timer handler: sends what it can; comes back in a second when its run was full, in
   * {@link #SWEEP} while cards wait for holds to be lifted.
   */
  public Mono<Void> sweep(Timer timer) {
    return sendPending()
        .flatMap(
            waiting ->
                waiting < 0
                    ? arm(Duration.ofSeconds(1))
                    : waiting > 0 ? arm(SWEEP) : Mono.<Void>empty());
  }

  /** Arms the sweep {@code after} from now (ids by due time: armed twice, stored once). */
  Mono<Void> arm(Duration after) {
    var due = clock.instant().plus(after);
    return timers.schedule(new Timer(WITHHELD + "-" + due.toEpochMilli(), WITHHELD, "-", due, ""));
  }

  private static List<String> behind(Scorecard s, Map<RecordKey, Integer> versions) {
    return s.dimensions().stream()
        .map(DimensionScore::records)
        .flatMap(List::stream)
        .distinct()
        .map(k -> k + "@" + versions.getOrDefault(k, 0))
        .toList();
  }
}
