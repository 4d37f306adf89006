package io.salesbot.core.testing;

import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.domain.Address;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** {@link CardReferences} in memory. */
public final class InMemoryCardReferences implements CardReferences {
  private final Map<String, CardReference> references = new ConcurrentHashMap<>();

  private static String key(String platform, String cardId, Address person) {
    return platform + "\n" + cardId + "\n" + person;
  }

  @Override
  public Mono<Void> save(CardReference reference) {
    return Mono.fromRunnable(
        () ->
            references.put(
                key(reference.platform(), reference.cardId(), reference.person()), reference));
  }

  @Override
  public Mono<CardReference> find(String platform, String cardId, Address person, Instant now) {
    return Mono.fromSupplier(() -> references.get(key(platform, cardId, person)))
        .filter(r -> r.expiresAt().isAfter(now));
  }

  @Override
  public Mono<Void> remove(CardReference reference) {
    return Mono.fromRunnable(
        () ->
            references.remove(
                key(reference.platform(), reference.cardId(), reference.person()), reference));
  }

  @Override
  public Mono<Boolean> consume(String platform, String reference) {
    return Mono.fromSupplier(
        () -> {
          synchronized (references) {
            return references
                .values()
                .removeIf(r -> r.platform().equals(platform) && r.reference().equals(reference));
          }
        });
  }

  public List<CardReference> all() {
    return List.copyOf(references.values());
  }
}
