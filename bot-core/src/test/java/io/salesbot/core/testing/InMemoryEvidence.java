package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.domain.Evidence;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link EvidenceStore} in memory; the first copy of an id is kept. */
public final class InMemoryEvidence implements EvidenceStore {
  private final Map<String, Evidence> all = new LinkedHashMap<>();

  @Override
  public Mono<Evidence> save(Evidence evidence) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return all.computeIfAbsent(evidence.id(), k -> evidence);
          }
        });
  }

  @Override
  public Mono<Evidence> attach(String id, String dealId, String checkpointId) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return all.computeIfPresent(id, (k, e) -> e.attachedTo(dealId, checkpointId));
          }
        });
  }

  @Override
  public Mono<Evidence> find(String id) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return all.get(id);
          }
        });
  }

  @Override
  public Mono<Evidence> lastLocation(Address person, Instant since, Instant until) {
    return Mono.fromSupplier(
        () -> {
          synchronized (this) {
            return all.values().stream()
                .filter(e -> e.uploader().equals(person) && e.location() != null)
                .filter(e -> !e.receivedAt().isBefore(since) && !e.receivedAt().isAfter(until))
                .max(Comparator.comparing(Evidence::receivedAt))
                .orElse(null);
          }
        });
  }
}
