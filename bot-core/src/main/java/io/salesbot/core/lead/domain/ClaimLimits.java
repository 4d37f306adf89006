package io.salesbot.core.lead.domain;

import java.time.Instant;

/**
 * Caps checked atomically with a claim: open leads of the rep, and claims since {@code dayStart}. 0
 * means no cap. A rep who recycled (lost) the lead after {@code cooldownSince} may not claim it.
 */
public record ClaimLimits(
    int maxOpenLeads, int maxClaimsPerDay, Instant dayStart, Instant cooldownSince) {
  public static final ClaimLimits NONE = new ClaimLimits(0, 0, Instant.EPOCH);

  /** Caps without a re-claim cooldown. */
  public ClaimLimits(int maxOpenLeads, int maxClaimsPerDay, Instant dayStart) {
    this(maxOpenLeads, maxClaimsPerDay, dayStart, Instant.MAX);
  }

  /** Why a rep with this load may not take another lead, or null when they may. */
  public @org.jspecify.annotations.Nullable String exceededBy(int openLeads, int claimsToday) {
    if (maxOpenLeads > 0 && openLeads >= maxOpenLeads) {
      return "cap reached: " + openLeads + " open leads (max " + maxOpenLeads + ")";
    }
    if (maxClaimsPerDay > 0 && claimsToday >= maxClaimsPerDay) {
      return "cap reached: " + claimsToday + " claims today (max " + maxClaimsPerDay + ")";
    }
    return null;
  }

  /** Whether a lead this rep lost at {@code recycledAt} is still cooling down for them. */
  public boolean coolingDown(@org.jspecify.annotations.Nullable Instant recycledAt) {
    return recycledAt != null && recycledAt.isAfter(cooldownSince);
  }
}
