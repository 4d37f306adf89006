package io.salesbot.core.score.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A source's usual shape for one record type, learnt from its first records of that type: the
 * fields any of them carried and the fields all of them carried. A record deviates when it carries
 * a field none of them did, or lacks one all of them had; a refused record deviates when it had
 * unknown members or lacked required fields.
 */
public final class FeedShape {
  private FeedShape() {}

  /** New and missing fields of one record. */
  public record Deviation(String type, Set<String> added, Set<String> missing) {}

  /**
   * How {@code o} deviates from {@code baseline} (the source's first parsed records of {@code o}'s
   * type); a parsed record is only compared once the baseline has {@code learn} records.
   */
  public static Optional<Deviation> of(
      FeedObservation o, List<FeedObservation> baseline, int learn) {
    if (o.outcome() == FeedObservation.Outcome.REFUSED) {
      if (o.unknown().isEmpty() && o.missing().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Deviation(o.type(), o.unknown(), o.missing()));
    }
    if (baseline.size() < learn) {
      return Optional.empty();
    }
    Set<String> any = new TreeSet<>();
    Set<String> all = new TreeSet<>(baseline.get(0).fields());
    for (FeedObservation b : baseline) {
      any.addAll(b.fields());
      all.retainAll(b.fields());
    }
    Set<String> added = new TreeSet<>(o.fields());
    added.removeAll(any);
    Set<String> missing = new TreeSet<>(all);
    missing.removeAll(o.fields());
    if (added.isEmpty() && missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Deviation(o.type(), added, missing));
  }
}
