package io.salesbot.core.testing;

import io.salesbot.core.sla.domain.SlaClock;
import io.salesbot.core.stage.DealReports;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.StalledDeal;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link DealReports} over {@link InMemoryDeals} and {@link InMemorySlaClocks}: the definitions of
 * {@code docs/kpis.md} in plain Java, one deal at a time. {@code DealReportsContract} keeps the SQL
 * of PostgresDealReports equal to this.
 */
public final class InMemoryDealReports implements DealReports {
  private final InMemoryDeals deals;
  private final InMemorySlaClocks clocks;

  public InMemoryDealReports(InMemoryDeals deals, InMemorySlaClocks clocks) {
    this.deals = deals;
    this.clocks = clocks;
  }

  private static final Set<StageMove.Kind> CLOSING =
      Set.of(StageMove.Kind.WIN, StageMove.Kind.LOSE, StageMove.Kind.INVALIDATE);

  @Override
  public Mono<Funnel> funnel(ReportQuery q, int stages) {
    return Mono.fromSupplier(
        () -> {
          var s = deals.snapshot();
          List<Deal> team = s.deals().stream().filter(d -> d.teamId().equals(q.teamId())).toList();
          Map<String, List<Transition>> moves = byDeal(s.transitions());
          List<Deal> cohort =
              team.stream().filter(d -> in(d.openedAt(), q.from(), q.to())).toList();
          List<Funnel.Row> rows = new ArrayList<>();
          for (int i = 0; i < stages; i++) {
            int stage = i;
            long now = team.stream().filter(d -> d.isOpen() && d.stage() == stage).count();
            long stalled =
                team.stream()
                    .filter(d -> d.isOpen() && d.stage() == stage)
                    .filter(d -> stalledAt(d.lastProgressAt(), q.now(), q.stalledAfter(stage)))
                    .count();
            long reached = 0;
            long inOrder = 0;
            List<Long> stays = new ArrayList<>();
            for (Deal d : cohort) {
              List<Transition> ts = moves.getOrDefault(d.id(), List.of());
              int max = Math.max(d.stage(), ts.stream().mapToInt(Transition::to).max().orElse(0));
              int firstOverride =
                  ts.stream()
                      .filter(Transition::overridden)
                      .mapToInt(Transition::to)
                      .min()
                      .orElse(Integer.MAX_VALUE);
              if (max >= stage) {
                reached++;
                if (firstOverride > stage) {
                  inOrder++;
                }
              }
              // stays: entered at open (stage 0) or by a move; left by the next move or close
              int in = 0;
              Instant since = d.openedAt();
              for (Transition t : ts) {
                boolean closing = CLOSING.contains(t.kind());
                if (!closing && t.to() == in) {
                  continue;
                }
                if (in == stage) {
                  stays.add(Duration.between(since, t.at()).toMillis());
                }
                if (closing) {
                  break;
                }
                in = t.to();
                since = t.at();
              }
            }
            rows.add(
                new Funnel.Row(
                    stage,
                    now,
                    stalled,
                    reached,
                    inOrder,
                    stays.size(),
                    mean(stays),
                    median(stays)));
          }
          return new Funnel(rows);
        });
  }

  @Override
  public Mono<List<KpiFigures>> kpis(List<ReportQuery> periods) {
    ReportQuery.covering(periods);
    return Flux.fromIterable(periods).concatMap(this::kpis).collectList();
  }

  @Override
  public Mono<KpiFigures> kpis(ReportQuery q) {
    return clocks
        .startedSince(q.teamId(), q.from())
        .filter(c -> c.startedAt().isBefore(q.to()))
        .collectList()
        .map(
            slaClocks -> {
              var s = deals.snapshot();
              Set<String> team =
                  s.deals().stream()
                      .filter(d -> d.teamId().equals(q.teamId()))
                      .map(Deal::id)
                      .collect(Collectors.toSet());
              Map<String, Deal> byId =
                  s.deals().stream().collect(Collectors.toMap(Deal::id, d -> d));
              List<Transition> moves =
                  s.transitions().stream().filter(t -> team.contains(t.dealId())).toList();
              List<Transition> inPeriod =
                  moves.stream().filter(t -> in(t.at(), q.from(), q.to())).toList();
              List<Long> cycles =
                  inPeriod.stream()
                      .filter(t -> t.kind() == StageMove.Kind.WIN)
                      .map(
                          t -> Duration.between(byId.get(t.dealId()).openedAt(), t.at()).toMillis())
                      .toList();
              long lost = inPeriod.stream().filter(t -> t.kind() == StageMove.Kind.LOSE).count();
              List<Transition> forward =
                  inPeriod.stream()
                      .filter(
                          t ->
                              (t.kind() == StageMove.Kind.ADVANCE
                                      || t.kind() == StageMove.Kind.SKIP)
                                  && t.to() > t.from())
                      .toList();
              long inOrder = forward.stream().filter(t -> !t.overridden()).count();
              // open at the end, and stalled then
              Instant end = q.to();
              long open = 0;
              long stalled = 0;
              for (String id : team) {
                Deal d = byId.get(id);
                if (!d.openedAt().isBefore(end)) {
                  continue;
                }
                List<Transition> mine = moves.stream().filter(t -> t.dealId().equals(id)).toList();
                boolean closedBefore =
                    mine.stream().anyMatch(t -> CLOSING.contains(t.kind()) && t.at().isBefore(end));
                if (closedBefore) {
                  continue;
                }
                open++;
                int stage = d.stage();
                Instant progress;
                if (!d.lastProgressAt().isAfter(end)) {
                  progress = d.lastProgressAt();
                } else {
                  progress = d.openedAt();
                  stage = 0;
                  for (Transition t : mine) {
                    if (t.at().isBefore(end) && !CLOSING.contains(t.kind())) {
                      progress = t.at().isAfter(progress) ? t.at() : progress;
                      stage = t.to();
                    }
                  }
                }
                if (stalledAt(progress, end, q.stalledAfter(stage))) {
                  stalled++;
                }
              }
              List<SkipRequest> asked =
                  s.skips().stream()
                      .filter(r -> team.contains(r.dealId()))
                      .filter(r -> in(r.requestedAt(), q.from(), q.to()))
                      .toList();
              long interventions = 0;
              long timely = 0;
              for (SkipRequest r : asked) {
                Instant deadline = r.requestedAt().plus(q.actWithin());
                boolean decided = r.decidedAt() != null;
                if (decided || !deadline.isAfter(q.now())) {
                  interventions++;
                  if (decided && !r.decidedAt().isAfter(deadline)) {
                    timely++;
                  }
                }
              }
              List<Long> touches =
                  slaClocks.stream()
                      .map(SlaClock::firstTouch)
                      .filter(java.util.Objects::nonNull)
                      .map(Duration::toMillis)
                      .toList();
              return new KpiFigures(
                  cycles.size(),
                  mean(cycles),
                  lost,
                  open,
                  stalled,
                  forward.size(),
                  inOrder,
                  interventions,
                  timely,
                  touches.size(),
                  median(touches));
            });
  }

  @Override
  public Flux<StalledDeal> stalled(ReportQuery q, int limit) {
    return Flux.defer(
        () ->
            Flux.fromIterable(
                deals.snapshot().deals().stream()
                    .filter(d -> d.teamId().equals(q.teamId()) && d.isOpen())
                    .filter(d -> stalledAt(d.lastProgressAt(), q.now(), q.stalledAfter(d.stage())))
                    .sorted(Comparator.comparing(Deal::lastProgressAt).thenComparing(Deal::id))
                    .limit(limit)
                    .map(d -> new StalledDeal(d.id(), d.owner(), d.stage(), d.lastProgressAt()))
                    .toList()));
  }

  @Override
  public Flux<SkipRequest> skips(ReportQuery q, int limit) {
    return Flux.defer(
        () -> {
          var s = deals.snapshot();
          Set<String> team =
              s.deals().stream()
                  .filter(d -> d.teamId().equals(q.teamId()))
                  .map(Deal::id)
                  .collect(Collectors.toSet());
          return Flux.fromIterable(
              s.skips().stream()
                  .filter(r -> team.contains(r.dealId()) && in(r.requestedAt(), q.from(), q.to()))
                  .sorted(
                      Comparator.comparing(SkipRequest::requestedAt)
                          .reversed()
                          .thenComparing(SkipRequest::id))
                  .limit(limit)
                  .toList());
        });
  }

  private static Map<String, List<Transition>> byDeal(List<Transition> ts) {
    return ts.stream().collect(Collectors.groupingBy(Transition::dealId));
  }

  private static boolean in(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** Stalled: more than {@code after} without progress (strictly more). */
  private static boolean stalledAt(Instant progress, Instant at, Duration after) {
    return progress.plus(after).isBefore(at);
  }

  private static @Nullable Duration mean(List<Long> millis) {
    return millis.isEmpty()
        ? null
        : Duration.ofMillis(
            Math.round(millis.stream().mapToLong(Long::longValue).average().orElse(0)));
  }

  /** Like percentile_cont(0.5): the middle value, or the mean of the two middle ones. */
  private static @Nullable Duration median(List<Long> millis) {
    if (millis.isEmpty()) {
      return null;
    }
    List<Long> sorted = millis.stream().sorted().toList();
    int n = sorted.size();
    double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return Duration.ofMillis(Math.round(m));
  }
}
