package io.salesbot.core.score.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One record as a source delivered it, as feed health sees it: when it arrived, what became of it,
 * which type fields it carried, and — for a refused record — which fields were unknown or missing.
 *
 * @param type the record's type as sent ({@code payment}); empty when it named none
 * @param fields the type fields it carried (not the common ones such as {@code rep})
 * @param unknown members the type does not have (the parser refuses those)
 * @param missing required type fields it lacked (refused too)
 * @param period the month the record is about (its {@code occurredAt}; the arrival's month when
 *     that could not be read)
 */
public record FeedObservation(
    String source,
    String type,
    Instant at,
    Outcome outcome,
    Set<String> fields,
    Set<String> unknown,
    Set<String> missing,
    YearMonth period) {
  public FeedObservation {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(period, "period");
    fields = java.util.Collections.unmodifiableSet(new TreeSet<>(fields));
    unknown = java.util.Collections.unmodifiableSet(new TreeSet<>(unknown));
    missing = java.util.Collections.unmodifiableSet(new TreeSet<>(missing));
  }

  /** What became of a delivered record. */
  public enum Outcome {
    /** Stored and counted (new, corrected or the same again). */
    ACCEPTED,
    /** Stored, breaking a validation rule. */
    QUARANTINED,
    /** Not stored: it could not be parsed. */
    REFUSED
  }

  /** Whether the record failed: quarantined or refused. */
  public boolean failed() {
    return outcome != Outcome.ACCEPTED;
  }
}
