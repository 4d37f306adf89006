package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Disputes;
import io.salesbot.core.score.domain.Dispute;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Disputes} in memory, with the same contract as the PostgreSQL adapter. */
public final class InMemoryDisputes implements Disputes {
  private final Map<String, Dispute> byId = new LinkedHashMap<>();

  @Override
  public Mono<Boolean> open(Dispute dispute) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            boolean openOfMonth =
                byId.values().stream()
                    .anyMatch(
                        d ->
                            d.isOpen()
                                && d.rep().equals(dispute.rep())
                                && d.period().equals(dispute.period()));
            return !openOfMonth && byId.putIfAbsent(dispute.id(), dispute) == null;
          }
        });
  }

  @Override
  public synchronized Mono<Dispute> find(String id) {
    return Mono.justOrEmpty(byId.get(id));
  }

  @Override
  public Mono<Boolean> answer(Dispute answered) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            Dispute stored = byId.get(answered.id());
            if (stored == null || !stored.isOpen() || answered.isOpen()) {
              return false;
            }
            byId.put(answered.id(), answered);
            return true;
          }
        });
  }

  @Override
  public synchronized Flux<Dispute> openOf(String team) {
    return Flux.fromIterable(
        sorted(
            byId.values().stream().filter(d -> d.team().equals(team) && d.isOpen()).toList(),
            Comparator.comparing(Dispute::openedAt).thenComparing(Dispute::id)));
  }

  @Override
  public synchronized Flux<Dispute> answeredOf(String team, int limit) {
    return Flux.fromIterable(
        sorted(
                byId.values().stream().filter(d -> d.team().equals(team) && !d.isOpen()).toList(),
                Comparator.comparing(Dispute::answeredAt).thenComparing(Dispute::id).reversed())
            .stream()
            .limit(limit)
            .toList());
  }

  @Override
  public synchronized Flux<Dispute> ofRep(Address rep, int limit) {
    return Flux.fromIterable(
        sorted(
                byId.values().stream().filter(d -> d.rep().equals(rep)).toList(),
                Comparator.comparing(Dispute::openedAt).thenComparing(Dispute::id).reversed())
            .stream()
            .limit(limit)
            .toList());
  }

  private static List<Dispute> sorted(List<Dispute> ds, Comparator<Dispute> order) {
    return ds.stream().sorted(order).toList();
  }
}
