package io.salesbot.core.testing;

import io.salesbot.core.score.Records;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Release;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Records} in memory; every operation holds one lock, as the database's transactions. */
public final class InMemoryRecords implements Records {
  private static final Comparator<RecordVersion> BY_KEY =
      Comparator.comparing((RecordVersion v) -> v.key().source())
          .thenComparing(v -> v.key().externalId());
  private static final Comparator<Hold> HOLDS =
      Comparator.comparing((Hold h) -> h.rep().toString())
          .thenComparing(Hold::period)
          .thenComparing(h -> h.record().source())
          .thenComparing(h -> h.record().externalId());

  private final Map<RecordKey, List<RecordVersion>> versions = new HashMap<>();
  private final List<Hold> open = new ArrayList<>();
  private final Set<YearMonth> dirty = new TreeSet<>();

  @Override
  public synchronized Mono<RecordVersion> current(RecordKey key) {
    return Mono.justOrEmpty(currentOf(key));
  }

  @Override
  public synchronized Flux<RecordVersion> versions(RecordKey key) {
    return Flux.fromIterable(List.copyOf(versions.getOrDefault(key, List.of())));
  }

  @Override
  public Flux<RecordVersion> contracts(String externalId) {
    return counted(
        v -> v.record().type() == RecordType.CONTRACT && v.key().externalId().equals(externalId));
  }

  @Override
  public Flux<RecordVersion> payments(String contract) {
    return counted(
        v ->
            v.record().type() == RecordType.PAYMENT
                && v.record().contract().map(contract::equals).orElse(false));
  }

  private synchronized Flux<RecordVersion> counted(Predicate<RecordVersion> which) {
    return Flux.fromIterable(
        versions.keySet().stream()
            .map(this::currentOf)
            .filter(v -> v != null && v.status().counts() && !v.record().deleted())
            .filter(which)
            .sorted(BY_KEY)
            .toList());
  }

  @Override
  public synchronized Mono<Boolean> append(
      RecordVersion next, List<Hold> holds, Set<YearMonth> periods) {
    RecordVersion current = currentOf(next.key());
    int expected = current == null ? 1 : current.version() + 1;
    if (next.version() != expected) {
      return Mono.just(false);
    }
    versions.computeIfAbsent(next.key(), k -> new ArrayList<>()).add(next);
    open.removeIf(h -> h.record().equals(next.key()));
    open.addAll(holds);
    dirty.addAll(periods);
    return Mono.just(true);
  }

  @Override
  public synchronized Mono<Boolean> appendAll(List<Append> appends) {
    Set<RecordKey> seen = new java.util.HashSet<>();
    for (Append a : appends) {
      RecordVersion current = currentOf(a.next().key());
      int expected = current == null ? 1 : current.version() + 1;
      if (!seen.add(a.next().key()) || a.next().version() != expected) {
        return Mono.just(false);
      }
    }
    for (Append a : appends) {
      append(a.next(), a.holds(), a.dirty());
    }
    return Mono.just(true);
  }

  @Override
  public synchronized Flux<RecordVersion> counted(java.time.Instant from, java.time.Instant to) {
    return Flux.fromIterable(
        versions.keySet().stream()
            .map(this::currentOf)
            .filter(v -> v != null && v.status().counts() && !v.record().deleted())
            .filter(v -> !v.record().occurredAt().isBefore(from))
            .filter(v -> v.record().occurredAt().isBefore(to))
            .map(
                v ->
                    new RecordVersion(
                        v.record(), v.version(), v.status(), List.of(), v.receivedAt(), null))
            .toList());
  }

  @Override
  public synchronized Flux<RecordVersion> quarantined() {
    return Flux.fromIterable(
        versions.keySet().stream()
            .map(this::currentOf)
            .filter(v -> v != null && v.status() == RecordStatus.QUARANTINED)
            .sorted(BY_KEY)
            .toList());
  }

  @Override
  public synchronized Flux<Hold> openHolds() {
    return Flux.fromIterable(open.stream().sorted(HOLDS).toList());
  }

  @Override
  public synchronized Mono<Boolean> release(
      RecordKey key, int version, Release release, YearMonth period) {
    RecordVersion current = currentOf(key);
    if (current == null
        || current.version() != version
        || current.status() != RecordStatus.QUARANTINED) {
      return Mono.just(false);
    }
    List<RecordVersion> all = versions.get(key);
    all.set(all.size() - 1, current.released(release));
    open.removeIf(h -> h.record().equals(key));
    dirty.add(period);
    return Mono.just(true);
  }

  @Override
  public synchronized Flux<YearMonth> dirtyPeriods() {
    return Flux.fromIterable(List.copyOf(dirty));
  }

  private RecordVersion currentOf(RecordKey key) {
    List<RecordVersion> all = versions.get(key);
    return all == null || all.isEmpty() ? null : all.get(all.size() - 1);
  }
}
