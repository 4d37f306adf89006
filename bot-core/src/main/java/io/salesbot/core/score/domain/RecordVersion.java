package io.salesbot.core.score.domain;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stored version of a record (1 for the first; a correction adds the next, the old ones stay).
 * A quarantined version carries the rules it broke; a released one who released it.
 */
public record RecordVersion(
    SalesRecord record,
    int version,
    RecordStatus status,
    List<Violation> reasons,
    Instant receivedAt,
    @Nullable Release release) {
  public RecordVersion {
    reasons = List.copyOf(reasons);
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
  }

  public RecordKey key() {
    return record.key();
  }

  /** This version released by a manager. */
  public RecordVersion released(Release by) {
    return new RecordVersion(record, version, RecordStatus.RELEASED, reasons, receivedAt, by);
  }
}
