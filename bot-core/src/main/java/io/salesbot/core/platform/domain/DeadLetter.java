package io.salesbot.core.platform.domain;

import java.time.Instant;
import java.util.Map;

/** A queue entry that failed {@code attempts} times; {@code error} is the last failure. */
public record DeadLetter(
    String id,
    String stream,
    Map<String, String> fields,
    String error,
    int attempts,
    Instant failedAt) {
  public DeadLetter {
    fields = Map.copyOf(fields);
  }
}
