package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.Objects;

/** The {@code attempt}-th offer of a lead to one rep (push strategies). */
public record Offer(
    String leadId,
    int attempt,
    Address rep,
    OfferState state,
    Instant offeredAt,
    Instant expiresAt) {
  public Offer {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(rep, "rep");
    Objects.requireNonNull(state, "state");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1");
    }
  }
}
