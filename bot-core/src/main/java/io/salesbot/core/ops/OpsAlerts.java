package io.salesbot.core.ops;

import io.salesbot.core.kernel.Once;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.platform.DeadLetters;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.OutboxBacklog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks the operations conditions — messages waiting in a platform's outbox, a platform's monthly
 * quota nearly used, dead letters present — and tells the ops chat when one is raised and when it
 * is resolved. Each condition has its {@link Hysteresis}. Every instance checks (they read the same
 * shared figures, so they agree); an alert is sent by whichever instance first takes its mark in
 * {@link Once} for that condition and change: exactly once across instances. A condition is told at
 * most once per two intervals; a change sooner than that after its previous alert is told at the
 * first check after (so a condition that flaps faster than that is not told every time).
 */
public final class OpsAlerts {
  /** How many dead letters are looked at; more than this counts as this many. */
  static final int DEAD_LETTER_PEEK = 100;

  private final OutboxBacklog backlog;
  private final DeadLetters deadLetters;
  private final Once once;
  private final Talk talk;
  private final OpsSettings settings;
  private final String instance;

  /** Conditions as this instance last told or saw them told. */
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public OpsAlerts(
      OutboxBacklog backlog,
      DeadLetters deadLetters,
      Once once,
      Talk talk,
      OpsSettings settings,
      String instance) {
    this.backlog = backlog;
    this.deadLetters = deadLetters;
    this.once = once;
    this.talk = talk;
    this.settings = settings;
    this.instance = instance;
  }

  /** One reading of one condition. */
  record Reading(String condition, long value, Hysteresis lines, String messageKey, Object label) {}

  /** Checks every condition once; answers the conditions up afterwards. */
  public Mono<List<String>> check() {
    return readings()
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
    Mono<List<Reading>> outbox =
        backlog
            .waiting()
            .map(
                waiting -> {
                  List<Reading> r = new ArrayList<>();
                  new LinkedHashMap<>(waiting)
                      .forEach(
                          (platform, n) ->
                              r.add(
                                  new Reading(
                                      "outbox:" + platform,
                                      n,
                                      settings.outboxWaiting(),
                                      "ops.outboxWaiting",
                                      platform)));
                  return r;
                });
    Mono<List<Reading>> quotas =
        backlog
            .monthlyQuotas()
            .map(
                uses -> {
                  List<Reading> r = new ArrayList<>();
                  for (MonthlyQuota.Use u : uses) {
                    long percent = u.limit() <= 0 ? 0 : u.used() * 100 / u.limit();
                    r.add(
                        new Reading(
                            "quota:" + u.platform() + ":" + u.kind(),
                            percent,
                            settings.quotaPercent(),
                            "ops.quotaNearLimit",
                            u.platform() + " " + u.kind()));
                  }
                  return r;
                });
    Mono<List<Reading>> dead =
        deadLetters
            .list(DEAD_LETTER_PEEK)
            .count()
            .map(
                n ->
                    List.of(
                        new Reading(
                            "dead-letters",
                            n,
                            settings.deadLetters(),
                            "ops.deadLetters",
                            "dead-letters")));
    return Flux.concat(outbox, quotas, dead).flatMapIterable(l -> l);
  }

  private Mono<Void> evaluate(Reading r) {
    State was = states.getOrDefault(r.condition(), State.DOWN);
    boolean now = r.lines().up(was.up(), r.value());
    Instant at = talk.clock().instant();
    if (was.up() == now || at.isBefore(was.told().plus(gap()))) {
      return Mono.empty();
    }
    String transition = now ? "raised" : "resolved";
    String mark = "ops-alert:" + r.condition() + ":" + transition;
    return once.claim(mark, instance, gap())
        .flatMap(
            mine -> {
              // Told now, by this instance or by another one that saw the same figures.
              states.put(r.condition(), new State(now, at));
              if (!mine) {
                return Mono.empty();
              }
              String text =
                  talk.messages()
                      .get(
                          now ? r.messageKey() : "ops.resolved",
                          r.label(),
                          r.value(),
                          now ? r.lines().raiseAt() : r.lines().clearBelow());
              return talk.replies()
                  .text(mark + ":" + at.toEpochMilli(), text, List.of(settings.target()));
            });
  }

  /**
   * The least time between two alerts of one condition, and how long the mark of a told change
   * stays: two intervals, so that an instance checking up to an interval later still finds the mark
   * of the change another one told.
   */
  private java.time.Duration gap() {
    return settings.interval().multipliedBy(2);
  }

  /** A condition as last told: up or not, and when. */
  private record State(boolean up, Instant told) {
    static final State DOWN = new State(false, Instant.EPOCH);
  }
}
