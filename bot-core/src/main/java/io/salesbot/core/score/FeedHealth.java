package io.salesbot.core.score;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedCondition.Kind;
import io.salesbot.core.score.domain.FeedHold;
import io.salesbot.core.score.domain.FeedObservation;
import io.salesbot.core.score.domain.FeedObservation.Outcome;
import io.salesbot.core.score.domain.FeedShape;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.score.domain.RecordParser;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.Release;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Feed health of the record sources (issue 14): a source watched for silence that delivers nothing
 * for longer than its gap, whose latest records fail validation too often, or whose records change
 * shape raises a condition — a card to the ops chat and a hold on the periods it feeds — and a card
 * again when it clears. Raising and clearing are conditional writes in {@link Feeds}, so exactly
 * one instance tells each. A cleared condition lifts no hold: the periods may already hold missing
 * or wrong data, and a manager releases them with a reason ({@link #release}); releasing a changed
 * shape also accepts it (the usual shape is learnt again from the records after the release).
 */
public final class FeedHealth {
  /** The timer kind of the biweekly data-health card. */
  public static final String REPORT = "feed-health-report";

  /**
   * The biweekly card falls on the configured weekday of every other week, counted from this
   * Monday: the same dates whichever instance arms it and however often it restarts.
   */
  static final LocalDate ANCHOR = LocalDate.of(2026, 1, 5);

  private final Feeds feeds;
  private final Talk talk;
  private final FeedSettings settings;
  private final Supplier<RecordRules> rules;
  private final Timers timers;

  public FeedHealth(
      Feeds feeds, Talk talk, FeedSettings settings, Supplier<RecordRules> rules, Timers timers) {
    this.feeds = feeds;
    this.talk = talk;
    this.settings = settings;
    this.rules = rules;
    this.timers = timers;
  }

  /**
   * Arms the next biweekly data-health card (a durable timer with an id of its date: stored once
   * however many instances start); call it at start-up. Without an ops target there is none.
   */
  public Mono<Void> armReport() {
    if (settings.target() == null) {
      return Mono.empty();
    }
    Instant due = nextReport(talk.clock().instant());
    return timers.schedule(
        new Timer(REPORT + "-" + due.toEpochMilli(), REPORT, "feed-health", due, ""));
  }

  /** The biweekly timer fired: the card, and the next one armed. */
  public Mono<Void> fireReport(Timer timer) {
    return armReport().then(report());
  }

  /** The first report time after {@code now}: the configured weekday and time, every other week. */
  Instant nextReport(Instant now) {
    LocalDate first = ANCHOR.with(TemporalAdjusters.nextOrSame(settings.reportDay()));
    ZonedDateTime t = first.atTime(settings.reportTime()).atZone(settings.zone());
    long periods = Math.max(0, ChronoUnit.DAYS.between(t.toInstant(), now) / 14);
    t = t.plusWeeks(2 * periods);
    while (!t.toInstant().isAfter(now)) {
      t = t.plusWeeks(2);
    }
    return t.toInstant();
  }

  /**
   * Keeps what became of a batch's records at once, in order: each observation made by {@link
   * #storedObservation} or {@link #refusedObservation}.
   */
  public Mono<Void> observed(List<FeedObservation> observations) {
    return observations.isEmpty() ? Mono.empty() : feeds.observeAll(observations);
  }

  /** What to keep of a parsed record. A tombstone carries no fields: it has no shape. */
  public FeedObservation storedObservation(SalesRecord record, RecordOutcome.Status status) {
    Outcome outcome =
        status == RecordOutcome.Status.QUARANTINED ? Outcome.QUARANTINED : Outcome.ACCEPTED;
    return new FeedObservation(
        record.key().source(),
        record.deleted() ? "" : record.type().wire(),
        talk.clock().instant(),
        outcome,
        record.fields().keySet(),
        Set.of(),
        Set.of(),
        rules.get().period(record.occurredAt()));
  }

  /**
   * What to keep of a refused record: its members as sent (text), with the members its type does
   * not have and the required ones it lacks.
   */
  public FeedObservation refusedObservation(String source, Map<String, String> values) {
    Instant now = talk.clock().instant();
    String type = values.getOrDefault("type", "");
    Set<String> fields = new TreeSet<>(values.keySet());
    fields.removeAll(RecordParser.COMMON);
    Set<String> unknown = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    Optional<RecordType> known = RecordType.ofWire(type);
    if (known.isPresent()) {
      for (String f : fields) {
        if (!known.get().fields().containsKey(f)) {
          unknown.add(f);
        }
      }
      if (!"true".equals(values.get("deleted"))) {
        for (String f : known.get().required().keySet()) {
          String v = values.get(f);
          if (v == null || v.isBlank()) {
            missing.add(f);
          }
        }
      }
    }
    YearMonth period = rules.get().period(now);
    try {
      String at = values.get("occurredAt");
      if (at != null) {
        period = rules.get().period(OffsetDateTime.parse(at).toInstant());
      }
    } catch (DateTimeParseException e) {
      // the arrival's month, then
    }
    String kind = known.isPresent() ? type : "";
    return new FeedObservation(
        source, kind, now, Outcome.REFUSED, fields, unknown, missing, period);
  }

  /** Checks every source watched for silence and every source with a condition up. */
  public Mono<List<FeedCondition>> checkAll() {
    return feeds
        .conditions()
        .map(FeedCondition::source)
        .collect(Collectors.toCollection(TreeSet::new))
        .flatMapMany(
            sources -> {
              sources.addAll(settings.maxGaps().keySet());
              return Flux.fromIterable(sources);
            })
        .concatMap(this::check)
        .flatMapIterable(l -> l)
        .collectList();
  }

  /** Checks one source's conditions now; answers those up afterwards. */
  public Mono<List<FeedCondition>> check(String source) {
    Instant now = talk.clock().instant();
    Mono<List<FeedCondition>> up =
        feeds.conditions().filter(c -> c.source().equals(source)).collectList();
    Mono<List<FeedObservation>> recent =
        feeds.recent(source, now.minus(settings.span()), settings.window()).collectList();
    Mono<Optional<Instant>> last =
        feeds.last(source).map(Optional::of).defaultIfEmpty(Optional.empty());
    Mono<Instant> relearn = feeds.shapeReleased(source).defaultIfEmpty(Instant.EPOCH);
    return Mono.zip(up, recent, last, relearn)
        .flatMap(
            t ->
                baselines(source, t.getT2(), t.getT4())
                    .flatMap(
                        baselines -> {
                          List<Reading> readings = new ArrayList<>();
                          readings.add(silence(source, t.getT3(), now));
                          readings.add(failing(t.getT2(), was(t.getT1(), Kind.FAILING)));
                          readings.add(shape(t.getT2(), baselines));
                          return Flux.fromIterable(readings)
                              .concatMap(r -> evaluate(source, r, t.getT1(), now))
                              .collectList();
                        }))
        .flatMap(
            ignored -> feeds.conditions().filter(c -> c.source().equals(source)).collectList());
  }

  /**
   * Why {@code period} must not be published: one line per open feed hold, in the bundle's words.
   */
  public Mono<List<String>> heldBecause(YearMonth period) {
    Messages m = talk.messages();
    return feeds
        .openHolds()
        .filter(h -> h.period().equals(period))
        .map(
            h ->
                m.get(
                    "feed.hold.reason",
                    h.condition().source(),
                    FeedCards.kind(m, h.condition().kind()),
                    h.condition().detail(),
                    FeedCards.time(h.condition().since(), settings.zone())))
        .collectList();
  }

  /** The holds not yet released. */
  public Flux<FeedHold> openHolds() {
    return feeds.openHolds();
  }

  /** What became of a manager's release of a source's holds. */
  public sealed interface Released {
    record Done(int holds) implements Released {}

    record NothingHeld() implements Released {}

    record ReasonRequired() implements Released {}
  }

  /** A manager releases every open hold of {@code source}, with a reason (kept with the holds). */
  public Mono<Released> release(String source, Address manager, String reason) {
    if (reason == null || reason.isBlank()) {
      return Mono.just(new Released.ReasonRequired());
    }
    return feeds
        .release(source, new Release(manager, reason.strip(), talk.clock().instant()))
        .map(n -> n == 0 ? new Released.NothingHeld() : new Released.Done(n));
  }

  /** The data-health card (双周数据健康度检查) of the 14 days before now, to the ops chat. */
  public Mono<Void> report() {
    Instant to = talk.clock().instant();
    Instant from = to.minus(Duration.ofDays(14));
    return Mono.zip(feeds.tally(from, to).collectList(), feeds.conditions().collectList())
        .flatMap(
            t ->
                tell(
                    FeedCards.report(
                        talk.messages(), t.getT1(), t.getT2(), from, to, settings.zone())));
  }

  /** One condition as read now: up or not, what was seen, the periods it would hold. */
  private record Reading(Kind kind, boolean up, String detail, Set<YearMonth> periods) {}

  private static boolean was(List<FeedCondition> up, Kind kind) {
    return up.stream().anyMatch(c -> c.kind() == kind);
  }

  private Reading silence(String source, Optional<Instant> last, Instant now) {
    Duration gap = settings.maxGaps().get(source);
    if (gap == null || last.isEmpty()) {
      return new Reading(Kind.SILENT, false, "", Set.of());
    }
    Duration silent = Duration.between(last.get(), now);
    Set<YearMonth> periods = new TreeSet<>();
    RecordRules r = rules.get();
    for (YearMonth p = r.period(last.get()); !p.isAfter(r.period(now)); p = p.plusMonths(1)) {
      periods.add(p);
    }
    Messages m = talk.messages();
    return new Reading(
        Kind.SILENT,
        silent.compareTo(gap) > 0,
        m.get(
            "feed.detail.silent",
            FeedCards.time(last.get(), settings.zone()),
            FeedCards.duration(m, silent),
            FeedCards.duration(m, gap)),
        periods);
  }

  private Reading failing(List<FeedObservation> recent, boolean wasUp) {
    long failed = recent.stream().filter(FeedObservation::failed).count();
    int n = recent.size();
    long percent = n == 0 ? 0 : failed * 100 / n;
    boolean up =
        wasUp
            ? n > 0 && percent >= settings.clearPercent()
            : n >= settings.minRecords() && percent >= settings.raisePercent();
    Set<YearMonth> periods =
        recent.stream()
            .filter(FeedObservation::failed)
            .map(FeedObservation::period)
            .collect(Collectors.toCollection(TreeSet::new));
    String detail =
        talk.messages().get("feed.detail.failing", n, failed, percent, settings.raisePercent());
    return new Reading(Kind.FAILING, up, detail, periods);
  }

  private Reading shape(
      List<FeedObservation> recent, Map<String, List<FeedObservation>> baselines) {
    Messages m = talk.messages();
    Map<String, Set<String>> added = new LinkedHashMap<>();
    Map<String, Set<String>> missing = new LinkedHashMap<>();
    Set<YearMonth> periods = new TreeSet<>();
    for (FeedObservation o : recent) {
      Optional<FeedShape.Deviation> d =
          FeedShape.of(o, baselines.getOrDefault(o.type(), List.of()), settings.learn());
      if (d.isPresent()) {
        String type = d.get().type().isEmpty() ? "?" : d.get().type();
        added.computeIfAbsent(type, k -> new TreeSet<>()).addAll(d.get().added());
        missing.computeIfAbsent(type, k -> new TreeSet<>()).addAll(d.get().missing());
        periods.add(o.period());
      }
    }
    List<String> parts = new ArrayList<>();
    added.forEach(
        (type, fields) -> {
          if (!fields.isEmpty()) {
            parts.add(m.get("feed.detail.added", type, String.join("、", fields)));
          }
        });
    missing.forEach(
        (type, fields) -> {
          if (!fields.isEmpty()) {
            parts.add(m.get("feed.detail.missing", type, String.join("、", fields)));
          }
        });
    return new Reading(Kind.SHAPE, !periods.isEmpty(), String.join("；", parts), periods);
  }

  private Mono<Map<String, List<FeedObservation>>> baselines(
      String source, List<FeedObservation> recent, Instant since) {
    Set<String> types =
        recent.stream()
            .filter(o -> o.outcome() != Outcome.REFUSED)
            .map(FeedObservation::type)
            .collect(Collectors.toCollection(TreeSet::new));
    return Flux.fromIterable(types)
        .concatMap(
            type ->
                feeds
                    .first(source, type, since, settings.learn())
                    .collectList()
                    .map(b -> Map.entry(type, b)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  private Mono<Void> evaluate(String source, Reading r, List<FeedCondition> up, Instant now) {
    Optional<FeedCondition> was = up.stream().filter(c -> c.kind() == r.kind()).findFirst();
    if (r.up() && was.isEmpty()) {
      FeedCondition c = new FeedCondition(source, r.kind(), now, r.detail());
      return feeds
          .raise(c, r.periods())
          .flatMap(
              mine ->
                  mine
                      ? tell(FeedCards.raised(talk.messages(), c, r.periods(), settings.zone()))
                      : Mono.empty());
    }
    if (!r.up() && was.isPresent()) {
      return feeds
          .clear(source, r.kind())
          .flatMap(c -> tell(FeedCards.resolved(talk.messages(), c, now, settings.zone())));
    }
    return Mono.empty();
  }

  private Mono<Void> tell(Card card) {
    Address target = settings.target();
    if (target == null) {
      return Mono.empty();
    }
    return talk.replies()
        .perPlatform(
            List.of(target),
            (to, suffix) -> new DeliverCard(card.cardId() + suffix, card, to, true));
  }
}
