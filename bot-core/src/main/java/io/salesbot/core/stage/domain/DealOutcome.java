package io.salesbot.core.stage.domain;

/** How a deal stands: open, or how it ended. */
public enum DealOutcome {
  OPEN,
  /** Signed (and the last stage's checkpoints done). */
  WON,
  /** Lost to a competitor, no budget, ...: the reason is required, from a configured list. */
  LOST,
  /** Not a real prospect: the reason is required; counts against the lead source, not the rep. */
  INVALID;

  public boolean closed() {
    return this != OPEN;
  }
}
