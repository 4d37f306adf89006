package io.salesbot.core.ops;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.kernel.QueueBacklog;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.ops.OpsCards.Unit;
import io.salesbot.core.platform.MonthlyQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks the operations conditions — an inbound lane's backlog and its oldest event's age, messages
 * waiting in a platform's outbox and the oldest one's age, a platform's monthly quota nearly used,
 * a platform's circuit breaker open, dead letters present, the timer pollers lagging — and sends
 * the ops chat an alert card ({@link OpsCards}) when one is raised and another when it is resolved.
 * Each condition has its {@link Hysteresis}; a condition that is up and no longer reported (a
 * circuit closed, a platform gone) reads 0. Every instance checks (they read the same shared
 * figures, so they agree; circuit breakers are each instance's own); a change is told by whichever
 * instance first takes its mark in {@link Once} for that condition and change: exactly once across
 * instances. A condition is told at most once per two intervals; a change sooner than that after
 * its previous alert is told at the first check after (so a condition that flaps faster than that
 * is not told every time).
 */
public final class OpsAlerts {
  /** How many dead letters are looked at; more than this counts as this many. */
  static final int DEAD_LETTER_PEEK = 100;

  private final OpsSignals signals;
  private final Once once;
  private final Talk talk;
  private final OpsSettings settings;
  private final String instance;

  /** Conditions as this instance last told or saw them told. */
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public OpsAlerts(
      OpsSignals signals, Once once, Talk talk, OpsSettings settings, String instance) {
    this.signals = signals;
    this.once = once;
    this.talk = talk;
    this.settings = settings;
    this.instance = instance;
  }

  /**
   * One reading of one condition.
   *
   * @param condition the condition's id, e.g. {@code outbox:wecom}
   * @param kind which kind of condition, naming its wording ({@code ops.condition.<kind>})
   * @param label what the wording is about, e.g. the platform
   */
  record Reading(
      String condition, String kind, Object label, long value, Hysteresis lines, Unit unit) {
    Reading at(long value) {
      return new Reading(condition, kind, label, value, lines, unit);
    }
  }

  /** Checks every condition once; answers the conditions up afterwards. */
  public Mono<List<String>> check() {
    return readings()
        .collectList()
        .flatMapMany(
            now -> {
              Set<String> read = now.stream().map(Reading::condition).collect(Collectors.toSet());
              List<Reading> all = new ArrayList<>(now);
              states.forEach(
                  (condition, s) -> {
                    if (s.up() && !read.contains(condition)) {
                      all.add(s.last().at(0));
                    }
                  });
              return Flux.fromIterable(all);
            })
        .concatMap(this::evaluate)
        .then(
            Mono.fromSupplier(
                () ->
                    states.entrySet().stream()
                        .filter(e -> e.getValue().up())
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList()));
  }

  private Flux<Reading> readings() {
    OpsSettings s = settings;
    Mono<List<Reading>> lanes =
        signals
            .queues()
            .lanes()
            .map(
                all -> {
                  List<Reading> r = new ArrayList<>();
                  for (QueueBacklog.Lane l : all) {
                    r.add(
                        new Reading(
                            "queue:" + l.lane(),
                            "queueBacklog",
                            l.lane(),
                            l.entries(),
                            s.queueBacklog(),
                            Unit.COUNT));
                    r.add(
                        new Reading(
                            "queue-age:" + l.lane(),
                            "queueAge",
                            l.lane(),
                            l.oldest().toSeconds(),
                            s.queueAgeSeconds(),
                            Unit.SECONDS));
                  }
                  return r;
                });
    Mono<List<Reading>> outbox =
        signals
            .outbox()
            .waiting()
            .map(
                waiting -> {
                  List<Reading> r = new ArrayList<>();
                  new TreeMap<>(waiting)
                      .forEach(
                          (platform, n) ->
                              r.add(
                                  new Reading(
                                      "outbox:" + platform,
                                      "outboxWaiting",
                                      platform,
                                      n,
                                      s.outboxWaiting(),
                                      Unit.COUNT)));
                  return r;
                });
    Mono<List<Reading>> outboxAge =
        signals
            .outbox()
            .oldestWaiting()
            .map(
                oldest -> {
                  List<Reading> r = new ArrayList<>();
                  new TreeMap<>(oldest)
                      .forEach(
                          (platform, age) ->
                              r.add(
                                  new Reading(
                                      "outbox-age:" + platform,
                                      "outboxAge",
                                      platform,
                                      age.toSeconds(),
                                      s.outboxAgeSeconds(),
                                      Unit.SECONDS)));
                  return r;
                });
    Mono<List<Reading>> quotas =
        signals
            .outbox()
            .monthlyQuotas()
            .map(
                uses -> {
                  List<Reading> r = new ArrayList<>();
                  for (MonthlyQuota.Use u : uses) {
                    long percent = u.limit() <= 0 ? 0 : u.used() * 100 / u.limit();
                    r.add(
                        new Reading(
                            "quota:" + u.platform() + ":" + u.kind(),
                            "quota",
                            u.platform() + " " + u.kind(),
                            percent,
                            s.quotaPercent(),
                            Unit.PERCENT));
                  }
                  return r;
                });
    Mono<List<Reading>> circuits =
        signals
            .circuits()
            .open()
            .map(
                open ->
                    open.stream()
                        .map(
                            p ->
                                new Reading(
                                    "circuit:" + p,
                                    "circuitOpen",
                                    p,
                                    1,
                                    new Hysteresis(1, 1),
                                    Unit.COUNT))
                        .toList());
    Mono<List<Reading>> dead =
        signals
            .deadLetters()
            .list(DEAD_LETTER_PEEK)
            .count()
            .map(
                n ->
                    List.of(
                        new Reading(
                            "dead-letters", "deadLetters", "", n, s.deadLetters(), Unit.COUNT)));
    Mono<List<Reading>> timers =
        Mono.fromSupplier(() -> talk.clock().instant())
            .flatMap(
                now ->
                    signals
                        .timers()
                        .earliestDue(now)
                        .map(due -> Duration.between(due, now).toSeconds())
                        .defaultIfEmpty(0L))
            .map(
                lag ->
                    List.of(
                        new Reading(
                            "timer-lag", "timerLag", "", lag, s.timerLagSeconds(), Unit.SECONDS)));
    return Flux.concat(lanes, outbox, outboxAge, quotas, circuits, dead, timers)
        .flatMapIterable(l -> l);
  }

  private Mono<Void> evaluate(Reading r) {
    State was = states.getOrDefault(r.condition(), State.down(r));
    boolean now = r.lines().up(was.up(), r.value());
    Instant at = talk.clock().instant();
    if (was.up() == now) {
      if (now) {
        states.put(r.condition(), new State(true, was.told(), r));
      }
      return Mono.empty();
    }
    if (at.isBefore(was.told().plus(gap()))) {
      return Mono.empty();
    }
    String transition = now ? "raised" : "resolved";
    String mark = "ops-alert:" + r.condition() + ":" + transition;
    return once.claim(mark, instance, gap())
        .flatMap(
            mine -> {
              // Told now, by this instance or by another one that saw the same figures.
              states.put(r.condition(), new State(now, at, r));
              if (!mine) {
                return Mono.empty();
              }
              Card card =
                  now
                      ? OpsCards.raised(talk.messages(), r, at, settings.zone())
                      : OpsCards.resolved(talk.messages(), r, was.told(), at, settings.zone());
              return talk.replies()
                  .perPlatform(
                      List.of(settings.target()),
                      (to, suffix) -> new DeliverCard(card.cardId() + suffix, card, to, true));
            });
  }

  /**
   * The least time between two alerts of one condition, and how long the mark of a told change
   * stays: two intervals, so that an instance checking up to an interval later still finds the mark
   * of the change another one told.
   */
  private Duration gap() {
    return settings.interval().multipliedBy(2);
  }

  /** A condition as last told (up or not, and when) and as last read. */
  private record State(boolean up, Instant told, Reading last) {
    static State down(Reading r) {
      return new State(false, Instant.EPOCH, r);
    }
  }
}
