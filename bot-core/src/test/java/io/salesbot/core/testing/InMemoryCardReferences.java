package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.CardReferences;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * {@link CardReferences} in memory. Tests can run something first on each save ({@link
 * #beforeSave}: watch, or fail) and each consume ({@link #beforeConsume}: a race).
 */
public final class InMemoryCardReferences implements CardReferences {
  private final Map<String, CardReference> references = new ConcurrentHashMap<>();
  private volatile Function<CardReference, Mono<Void>> beforeSave = r -> Mono.empty();
  private volatile Supplier<Mono<Void>> beforeConsume = Mono::empty;

  /**
   * Runs {@code hook} before each save; an error from it fails the save, which then stores nothing.
   */
  public InMemoryCardReferences beforeSave(Function<CardReference, Mono<Void>> hook) {
    this.beforeSave = hook;
    return this;
  }

  /** Runs {@code hook} before each consume. */
  public InMemoryCardReferences beforeConsume(Supplier<Mono<Void>> hook) {
    this.beforeConsume = hook;
    return this;
  }

  private static String key(String platform, String cardId, Address person) {
    return platform + "\n" + cardId + "\n" + person;
  }

  @Override
  public Mono<Void> save(CardReference reference) {
    return Mono.defer(() -> beforeSave.apply(reference))
        .then(
            Mono.fromRunnable(
                () ->
                    references.put(
                        key(reference.platform(), reference.cardId(), reference.person()),
                        reference)));
  }

  @Override
  public Mono<CardReference> find(String platform, String cardId, Address person, Instant now) {
    return Mono.fromSupplier(() -> references.get(key(platform, cardId, person)))
        .filter(r -> r.expiresAt().isAfter(now));
  }

  @Override
  public Mono<Void> remove(CardReference reference) {
    // Like the real store: the row goes while it holds the same code, whatever expiry it has.
    return Mono.fromRunnable(
        () ->
            references.computeIfPresent(
                key(reference.platform(), reference.cardId(), reference.person()),
                (k, stored) -> stored.reference().equals(reference.reference()) ? null : stored));
  }

  @Override
  public Mono<Boolean> consume(String platform, String reference) {
    return Mono.defer(() -> beforeConsume.get())
        .then(
            Mono.fromSupplier(
                () -> {
                  synchronized (references) {
                    return references
                        .values()
                        .removeIf(
                            r -> r.platform().equals(platform) && r.reference().equals(reference));
                  }
                }));
  }

  public List<CardReference> all() {
    return List.copyOf(references.values());
  }
}
