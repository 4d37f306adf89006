package io.salesbot.core.platform;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The platform's own handles on the cards people hold, needed to update a card later (WeCom's
 * {@code response_code}: one per send and per click, single-use, valid 72 hours). One reference is
 * kept per (platform, card id, person): the newest replaces the older one. Shared by all instances.
 */
public interface CardReferences {
  /** A stored reference and when it stops being usable. */
  record CardReference(
      String platform, String cardId, Address person, String reference, Instant expiresAt) {}

  /** Stores the newest reference for this card and person, replacing any older one. */
  Mono<Void> save(CardReference reference);

  /** The stored reference for this card and person if it has not expired by {@code now}. */
  Mono<CardReference> find(String platform, String cardId, Address person, Instant now);

  /** Forgets a reference once used (or found invalid), unless a newer one replaced it meanwhile. */
  Mono<Void> remove(CardReference reference);

  /**
   * Takes a single-use reference before using it: forgets every stored copy of {@code reference} on
   * {@code platform} (one send to many people gives all of them the same WeCom code, and a code
   * serves one update call) and says whether this caller was first. Only a caller that got {@code
   * true} may use the reference; the others send a fresh card instead.
   */
  Mono<Boolean> consume(String platform, String reference);
}
