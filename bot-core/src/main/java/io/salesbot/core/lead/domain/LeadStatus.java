package io.salesbot.core.lead.domain;

/** Where a lead is in its life. */
public enum LeadStatus {
  /** Stored, not yet routed. */
  NEW,
  /** Routed to a team and waiting in its pool for a claim. */
  POOLED,
  /** A rep owns it. */
  CLAIMED
}
