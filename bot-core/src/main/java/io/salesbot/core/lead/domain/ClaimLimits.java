package io.salesbot.core.lead.domain;

import java.time.Instant;

/**
 * Caps checked atomically with a claim: open leads of the rep, and claims since {@code dayStart}. 0
 * means no cap.
 */
public record ClaimLimits(int maxOpenLeads, int maxClaimsPerDay, Instant dayStart) {
  public static final ClaimLimits NONE = new ClaimLimits(0, 0, Instant.EPOCH);

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
}
