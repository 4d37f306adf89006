package io.salesbot.core.score;

import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.Receivable;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Release;
import io.salesbot.core.score.domain.Tally;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
   * The current versions of these records, any status, in no particular order; a record never
   * stored has none. Stores override it with one read.
   */
  default Flux<RecordVersion> current(Collection<RecordKey> keys) {
    return Flux.fromIterable(keys).concatMap(this::current);
  }

  /**
   * What {@link #contracts(String)} answers for each of these externalIds, in one read where the
   * store can: ordered by externalId, then source.
   */
  default Flux<RecordVersion> contracts(Collection<String> externalIds) {
    return Flux.fromIterable(new TreeSet<>(externalIds)).concatMap(this::contracts);
  }

  /**
   * What {@link #payments(String)} answers for each of these contracts, in one read where the store
   * can: ordered by contract, then source and externalId.
   */
  default Flux<RecordVersion> payments(Collection<String> contracts) {
    return Flux.fromIterable(new TreeSet<>(contracts)).concatMap(this::payments);
  }

  /** One record's new version, with the holds it puts and the periods it marks. */
  record Append(RecordVersion next, List<Hold> holds, Set<YearMonth> dirty) {
    public Append {
      holds = List.copyOf(holds);
      dirty = Set.copyOf(dirty);
    }
  }

  /**
   * Stores every append as {@link #append} would, all in one transaction and all or nothing: only
   * if, for each, the record's newest stored version is {@code next.version() - 1} (none for
   * version 1); else nothing at all is written and the answer is false. No record may appear twice.
   */
  Mono<Boolean> appendAll(List<Append> appends);

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
   * {@code [from, to)}: what a period's scores are computed from. In no particular order (the
   * scoring sorts what it needs), and without what a score never reads: each version comes with no
   * reasons and no release ({@link #current} and {@link #versions} have them).
   */
  Flux<RecordVersion> counted(Instant from, Instant to);

  /**
   * The same as {@link #counted(Instant, Instant)}, of the given types only (earlier months of a
   * period's scores need only contracts and payments). Stores override it with a narrower read.
   */
  default Flux<RecordVersion> counted(Instant from, Instant to, Set<RecordType> types) {
    return counted(from, to).filter(v -> types.contains(v.record().type()));
  }

  /**
   * The counted records of {@code [begins, to)} (a period) reduced per rep and kind, as {@link
   * Tally#of} reduces them, in no particular order and without the records behind each ({@link
   * Tally#withoutRecords}): what a period's scores need of its records, without reading them.
   * Stores override it with a grouped read.
   */
  default Flux<Tally> tallies(Instant begins, Instant to) {
    return counted(begins, to)
        .map(RecordVersion::record)
        .collectList()
        .flatMapIterable(rs -> Tally.of(rs).stream().map(Tally::withoutRecords).toList());
  }

  /**
   * The counted contracts of {@code [contractsFrom, begins)}, each with the counted payments naming
   * it of {@code [paymentsFrom, begins)} and of {@code [begins, to)} summed, as {@link
   * Receivable#of} reduces them, in no particular order and without the payments behind each: what
   * a period's payment rates need. Stores override it with a grouped read.
   */
  default Flux<Receivable> receivables(
      Instant contractsFrom, Instant paymentsFrom, Instant begins, Instant to) {
    return Mono.zip(
            counted(contractsFrom, begins, Set.of(RecordType.CONTRACT))
                .map(RecordVersion::record)
                .collectList(),
            counted(paymentsFrom, to, Set.of(RecordType.PAYMENT))
                .map(RecordVersion::record)
                .collectList())
        .flatMapIterable(
            t ->
                Receivable.of(t.getT1(), t.getT2(), begins).stream()
                    .map(Receivable::withoutRecords)
                    .toList());
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
