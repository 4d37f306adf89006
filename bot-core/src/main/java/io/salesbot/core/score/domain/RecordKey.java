package io.salesbot.core.score.domain;

import java.util.Objects;

/** What makes a record the same record again: the sending source and its own id for it. */
public record RecordKey(String source, String externalId) {
  public RecordKey {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(externalId, "externalId");
  }

  @Override
  public String toString() {
    return source + "/" + externalId;
  }
}
