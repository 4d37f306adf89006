package io.salesbot.core.lead.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a lead is in its life; {@link #canBecome} is the table of legal transitions. */
public enum LeadStatus {
  /** Stored, not yet routed. */
  NEW,
  /** Routed to a team and waiting in its pool for a claim. */
  POOLED,
  /** A rep owns it: an open deal. */
  CLAIMED,
  /** Its deal was won. */
  WON,
  /** Its deal was lost (with a reason). */
  LOST,
  /** Not a real prospect (with a reason); counts against its source, not the rep. */
  INVALID;

  private static final Map<LeadStatus, Set<LeadStatus>> NEXT =
      Map.of(
          NEW, EnumSet.of(POOLED, CLAIMED),
          // Claimed from the pool, or (re)assigned by a manager.
          POOLED, EnumSet.of(CLAIMED),
          // Reassigned, back to the pool (recycled), or ended.
          CLAIMED, EnumSet.of(CLAIMED, POOLED, WON, LOST, INVALID),
          WON, EnumSet.noneOf(LeadStatus.class),
          LOST, EnumSet.noneOf(LeadStatus.class),
          INVALID, EnumSet.noneOf(LeadStatus.class));

  /** Whether a lead in this status may move to {@code next}. */
  public boolean canBecome(LeadStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Won, lost or invalid: nothing changes it any more. */
  public boolean ended() {
    return this == WON || this == LOST || this == INVALID;
  }
}
