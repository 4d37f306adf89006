package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.OwnedOpenDeals;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Deals} in memory; like the real store, nothing happens until subscribed. */
public final class InMemoryDeals implements Deals {
  private final Map<String, Deal> deals = new LinkedHashMap<>();
  private final List<Transition> transitions = new ArrayList<>();
  private final Map<String, SkipRequest> skips = new LinkedHashMap<>();

  @Override
  public Mono<Deal> open(Deal deal) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return deals.computeIfAbsent(deal.id(), k -> deal);
          }
        });
  }

  @Override
  public Mono<Deal> find(String id) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return deals.get(id);
          }
        });
  }

  @Override
  public Mono<Deal> save(Deal next, Transition transition) {
    return Mono.fromSupplier(() -> saveNow(next, transition));
  }

  @Override
  public Mono<Deal> save(Deal next) {
    return Mono.fromSupplier(() -> saveNow(next, null));
  }

  private synchronized Deal saveNow(Deal next, Transition transition) {
    Deal stored = deals.get(next.id());
    if (stored == null || stored.version() != next.version() - 1) {
      return null;
    }
    deals.put(next.id(), next);
    if (transition != null) {
      transitions.add(transition);
    }
    return next;
  }

  @Override
  public Flux<Deal> ownedBy(Address owner, int limit) {
    return Flux.defer(
        () -> {
          synchronized (this) {
            return Flux.fromIterable(
                deals.values().stream()
                    .filter(d -> d.owner().equals(owner))
                    .sorted(
                        Comparator.comparing((Deal d) -> !d.isOpen())
                            .thenComparing(Deal::openedAt, Comparator.reverseOrder())
                            .thenComparing(Deal::id))
                    .limit(limit)
                    .toList());
          }
        });
  }

  @Override
  public Mono<OwnedOpenDeals> openOwnedBy(Address owner, int limit) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            List<Deal> open =
                deals.values().stream()
                    .filter(d -> d.owner().equals(owner) && d.isOpen())
                    .sorted(
                        Comparator.comparingInt(Deal::stage)
                            .reversed()
                            .thenComparing(Deal::stageEnteredAt)
                            .thenComparing(Deal::id))
                    .toList();
            return new OwnedOpenDeals(open.subList(0, Math.min(limit, open.size())), open.size());
          }
        });
  }

  @Override
  public Flux<Deal> openOfTeam(String teamId) {
    return Flux.defer(
        () -> {
          synchronized (this) {
            return Flux.fromIterable(
                deals.values().stream()
                    .filter(d -> d.isOpen() && d.teamId().equals(teamId))
                    .sorted(Comparator.comparing(Deal::id))
                    .toList());
          }
        });
  }

  @Override
  public Flux<Deal> digestCandidates(
      String teamId, Instant since, Instant now, List<Duration> stalledAfter) {
    return openOfTeam(teamId)
        .filter(
            d -> {
              Instant stalledAt =
                  d.lastProgressAt()
                      .plus(stalledAfter.get(Math.min(d.stage(), stalledAfter.size() - 1)));
              return (stalledAt.isAfter(since) && !stalledAt.isAfter(now))
                  || skippedIn(d.id(), since, now)
                  || d.checkpoints().values().stream()
                      .anyMatch(c -> c.state() == CheckpointState.State.OWED);
            });
  }

  private synchronized boolean skippedIn(String dealId, Instant since, Instant now) {
    return transitions.stream()
        .anyMatch(
            t ->
                t.dealId().equals(dealId)
                    && t.kind() == io.salesbot.core.stage.domain.StageMove.Kind.SKIP
                    && t.at().isAfter(since)
                    && !t.at().isAfter(now));
  }

  @Override
  public Mono<Boolean> hasOpen(String teamId) {
    return openOfTeam(teamId).hasElements();
  }

  @Override
  public Flux<Transition> transitions(String dealId) {
    return Flux.defer(
        () -> {
          synchronized (this) {
            return Flux.fromIterable(
                transitions.stream().filter(t -> t.dealId().equals(dealId)).toList());
          }
        });
  }

  @Override
  public Mono<SkipRequest> requestSkip(SkipRequest request) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return skips.computeIfAbsent(request.id(), k -> request);
          }
        });
  }

  @Override
  public Mono<SkipRequest> findSkip(String id) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return skips.get(id);
          }
        });
  }

  @Override
  public Mono<SkipRequest> decideSkip(SkipRequest decided) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            SkipRequest stored = skips.get(decided.id());
            if (stored == null || stored.state() != SkipRequest.State.PENDING) {
              return null;
            }
            skips.put(decided.id(), decided);
            return decided;
          }
        });
  }

  /** Everything stored, for {@link InMemoryDealReports}. */
  public record Snapshot(List<Deal> deals, List<Transition> transitions, List<SkipRequest> skips) {}

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        List.copyOf(deals.values()), List.copyOf(transitions), List.copyOf(skips.values()));
  }
}
