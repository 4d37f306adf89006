package io.salesbot.core.lead.domain;

/** The outcome of a rep pressing Claim. */
public sealed interface ClaimResult {
  /** The rep owns the lead now (or already did: a repeated press is harmless). */
  record Claimed(Lead lead) implements ClaimResult {}

  /** Somebody else was first. */
  record AlreadyClaimed(Lead lead) implements ClaimResult {}

  /** The rep is at a cap (open leads or claims today); {@code reason} says which. */
  record CapReached(String reason) implements ClaimResult {}

  /**
   * The rep lost this lead when it was recycled at {@code recycledAt} and may claim it again only
   * from {@code until}.
   */
  record CoolingDown(java.time.Instant recycledAt, java.time.Instant until)
      implements ClaimResult {}

  /** The rep may not claim this lead; {@code reason} says why, for the rep to read. */
  record NotEligible(String reason) implements ClaimResult {}
}
