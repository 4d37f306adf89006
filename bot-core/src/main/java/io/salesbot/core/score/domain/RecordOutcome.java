package io.salesbot.core.score.domain;

import java.util.List;

/**
 * What became of one submitted record that could be parsed: stored as a new record, as a correction
 * (a new version), unchanged (the same values again: nothing stored), or quarantined with the rules
 * it breaks. A record that could not be parsed is refused before it gets here.
 */
public record RecordOutcome(RecordKey key, int version, Status status, List<Violation> reasons) {
  public RecordOutcome {
    reasons = List.copyOf(reasons);
  }

  public enum Status {
    ACCEPTED,
    CORRECTED,
    /** The same values as the current version: an idempotent repeat. */
    UNCHANGED,
    QUARANTINED
  }
}
