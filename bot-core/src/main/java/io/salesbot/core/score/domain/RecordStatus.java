package io.salesbot.core.score.domain;

/** Where a record version stands: counted, quarantined (stored, not scored), or released. */
public enum RecordStatus {
  ACCEPTED,
  QUARANTINED,
  /** Quarantined, then released by a manager with a reason: counted as it is. */
  RELEASED;

  /** Whether scoring may use a version in this status. */
  public boolean counts() {
    return this != QUARANTINED;
  }
}
