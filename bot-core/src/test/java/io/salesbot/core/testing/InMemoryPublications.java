package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Publications;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationState;
import io.salesbot.core.score.domain.PublishedScore;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Publications} in memory; every operation holds one lock, as the database's transactions.
 */
public final class InMemoryPublications implements Publications {
  private final Map<YearMonth, List<Publication>> versions = new TreeMap<>();
  private final Map<YearMonth, PublicationState> states = new TreeMap<>();
  private final List<PublicationEvent> audit = new ArrayList<>();
  private final Set<String> sent = new HashSet<>();

  @Override
  public synchronized Mono<Boolean> publish(Publication next, PublicationEvent event) {
    List<Publication> list = versions.computeIfAbsent(next.period(), k -> new ArrayList<>());
    if (list.size() != next.version() - 1) {
      return Mono.just(false);
    }
    list.add(next);
    states.put(
        next.period(), new PublicationState(next.period(), next.version(), next.version(), false));
    audit.add(event);
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Publication> version(YearMonth period, int version) {
    List<Publication> list = versions.getOrDefault(period, List.of());
    return version < 1 || version > list.size() ? Mono.empty() : Mono.just(list.get(version - 1));
  }

  @Override
  public synchronized Mono<Publication> shown(YearMonth period, int version) {
    return version(period, version)
        .map(
            p ->
                new Publication(
                    p.period(),
                    p.version(),
                    p.publishedAt(),
                    p.publishedBy(),
                    p.scores().stream()
                        .map(
                            s ->
                                new PublishedScore(
                                    s.rep(),
                                    s.team(),
                                    s.composite(),
                                    s.teamRank(),
                                    s.companyRank(),
                                    s.axes(),
                                    s.strongest(),
                                    s.weakest(),
                                    List.of()))
                        .toList(),
                    p.withheld()));
  }

  @Override
  public synchronized Mono<PublicationState> state(YearMonth period) {
    return Mono.just(states.getOrDefault(period, PublicationState.none(period)));
  }

  @Override
  public synchronized Mono<Boolean> rollback(
      YearMonth period, int from, int to, PublicationEvent event) {
    PublicationState s = states.getOrDefault(period, PublicationState.none(period));
    if (s.inForce() != from || to < 1 || to > s.latest()) {
      return Mono.just(false);
    }
    states.put(period, new PublicationState(period, to, s.latest(), false));
    audit.add(event);
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Void> hold(PublicationEvent event) {
    PublicationState s = states.getOrDefault(event.period(), PublicationState.none(event.period()));
    states.put(event.period(), new PublicationState(s.period(), s.inForce(), s.latest(), true));
    audit.add(event);
    return Mono.empty();
  }

  @Override
  public synchronized Flux<PublicationEvent> audit(YearMonth period) {
    return Flux.fromIterable(audit.stream().filter(e -> e.period().equals(period)).toList());
  }

  @Override
  public synchronized Flux<PublicationState> open() {
    return Flux.fromIterable(
        states.values().stream().filter(s -> s.inForce() > 0 && !s.held()).toList());
  }

  @Override
  public synchronized Mono<Set<Address>> sent(YearMonth period, int version) {
    Set<Address> reps = new HashSet<>();
    String prefix = period + "/" + version + "/";
    sent.stream()
        .filter(k -> k.startsWith(prefix))
        .forEach(k -> reps.add(Address.parse(k.substring(prefix.length()))));
    return Mono.just(reps);
  }

  @Override
  public synchronized Mono<Set<Address>> markSent(
      YearMonth period, int version, Collection<Address> reps) {
    Set<Address> first = new LinkedHashSet<>();
    for (Address rep : reps) {
      if (sent.add(period + "/" + version + "/" + rep)) {
        first.add(rep);
      }
    }
    return Mono.just(first);
  }
}
