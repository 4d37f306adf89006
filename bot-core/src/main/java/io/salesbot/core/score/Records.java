package io.salesbot.core.score;

import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Release;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scorecard records with every version kept, the holds quarantined ones put on reps, and the
 * periods (months) that need recomputing. The rules deciding what is quarantined live in {@link
 * io.salesbot.core.score.domain.RecordValidation}, never here.
 */
public interface Records {
  /** The newest version of a record, any status; empty when it was never stored. */
  Mono<RecordVersion> current(RecordKey key);

  /** Every version of a record, oldest first. */
  Flux<RecordVersion> versions(RecordKey key);

  /**
   * The current, counted (not quarantined), not deleted contracts with this externalId, from any
   * source, ordered by source.
   */
  Flux<RecordVersion> contracts(String externalId);

  /** The current, counted, not deleted payments that name this contract, by source, externalId. */
  Flux<RecordVersion> payments(String contract);

  /**
   * Stores {@code next} as the record's newest version, in one transaction: only if the record's
   * newest stored version is {@code next.version() - 1} (none for version 1), else nothing is
   * written and the answer is false (someone else stored a version first). It lifts the open holds
   * of earlier versions of the record, puts {@code holds}, and marks {@code dirty} for
   * recomputation.
   */
  Mono<Boolean> append(RecordVersion next, List<Hold> holds, Set<YearMonth> dirty);

  /**
   * The current, counted (not quarantined), not deleted versions of every type that happened in
   * {@code [from, to)}, by source and externalId: what a period's scores are computed from.
   */
  Flux<RecordVersion> counted(Instant from, Instant to);

  /**
   * The same as {@link #counted(Instant, Instant)}, of the given types only (earlier months of a
   * period's scores need only contracts and payments). Stores override it with a narrower read.
   */
  default Flux<RecordVersion> counted(Instant from, Instant to, Set<RecordType> types) {
    return counted(from, to).filter(v -> types.contains(v.record().type()));
  }

  /** The current versions that are quarantined, by source and externalId. */
  Flux<RecordVersion> quarantined();

  /** The holds not yet lifted, by rep, period and record. */
  Flux<Hold> openHolds();

  /**
   * Releases version {@code version} of a record if it is still the current one and quarantined:
   * marks it released with who and why, lifts its holds (keeping who lifted them) and marks {@code
   * period} for recomputation, in one transaction. False when it is not (already released, or
   * superseded).
   */
  Mono<Boolean> release(RecordKey key, int version, Release release, YearMonth period);

  /** The periods marked for recomputation, oldest first. */
  Flux<YearMonth> dirtyPeriods();
}
