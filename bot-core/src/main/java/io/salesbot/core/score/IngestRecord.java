package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.score.domain.RecordOutcome.Status;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordValidation;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.Violation;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Stores one parsed record: idempotent by (source, externalId) — the same values again change
 * nothing, other values are a correction (a new version; the old ones stay) — validated against the
 * rules; a failing record is stored quarantined and holds its rep (and, for a payment, the
 * contract's rep) for the record's period. Each record is its own transaction.
 */
public final class IngestRecord {
  /** How often a record is re-evaluated when another writer stored a version of it first. */
  private static final int ATTEMPTS = 3;

  private final Records records;
  private final TeamDirectory directory;
  private final Supplier<RecordRules> rules;
  private final Clock clock;

  public IngestRecord(
      Records records, TeamDirectory directory, Supplier<RecordRules> rules, Clock clock) {
    this.records = records;
    this.directory = directory;
    this.rules = rules;
    this.clock = clock;
  }

  public Mono<RecordOutcome> ingest(SalesRecord record) {
    return attempt(record, 1);
  }

  private Mono<RecordOutcome> attempt(SalesRecord record, int attempt) {
    return records
        .current(record.key())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            current -> {
              if (current.isPresent() && current.get().record().sameValuesAs(record)) {
                RecordVersion c = current.get();
                return Mono.just(
                    new RecordOutcome(
                        c.key(),
                        c.version(),
                        c.status() == RecordStatus.QUARANTINED
                            ? Status.QUARANTINED
                            : Status.UNCHANGED,
                        c.reasons()));
              }
              return store(record, current, attempt);
            });
  }

  private Mono<RecordOutcome> store(
      SalesRecord record, Optional<RecordVersion> current, int attempt) {
    RecordRules r = rules.get();
    Instant now = clock.instant();
    return context(record)
        .flatMap(
            context -> {
              List<Violation> reasons = RecordValidation.check(record, context.ctx(), r, now);
              int version = current.map(c -> c.version() + 1).orElse(1);
              RecordStatus status =
                  reasons.isEmpty() ? RecordStatus.ACCEPTED : RecordStatus.QUARANTINED;
              RecordVersion next = new RecordVersion(record, version, status, reasons, now, null);
              Set<YearMonth> dirty = new LinkedHashSet<>();
              dirty.add(r.period(record.occurredAt()));
              current.ifPresent(c -> dirty.add(r.period(c.record().occurredAt())));
              List<Hold> holds = reasons.isEmpty() ? List.of() : holds(record, context, reasons, r);
              return records
                  .append(next, holds, dirty)
                  .flatMap(
                      stored -> {
                        if (stored) {
                          Status s =
                              !reasons.isEmpty()
                                  ? Status.QUARANTINED
                                  : current.isPresent() ? Status.CORRECTED : Status.ACCEPTED;
                          return Mono.just(new RecordOutcome(record.key(), version, s, reasons));
                        }
                        if (attempt >= ATTEMPTS) {
                          return Mono.error(
                              new IllegalStateException(
                                  "record " + record.key() + " is being written concurrently"));
                        }
                        return attempt(record, attempt + 1);
                      });
            });
  }

  /** The validation context plus the contract's rep, whom an excess payment also holds. */
  private record Loaded(RecordValidation.Context ctx, Optional<Address> contractRep) {}

  private Mono<Loaded> context(SalesRecord record) {
    boolean repKnown = directory.teamOf(record.rep()).isPresent();
    Optional<String> contractId = record.contract();
    if (record.deleted()
        || contractId.isEmpty()
        || (record.type() != RecordType.PAYMENT && record.type() != RecordType.ASSIST)) {
      return Mono.just(
          new Loaded(
              new RecordValidation.Context(repKnown, Optional.empty(), List.of()),
              Optional.empty()));
    }
    String id = contractId.get();
    // a contract from the payment's own source wins over one from another source
    Mono<Optional<SalesRecord>> contract =
        records
            .contracts(id)
            .map(RecordVersion::record)
            .collectList()
            .map(
                found ->
                    found.stream()
                        .filter(c -> c.key().source().equals(record.key().source()))
                        .findFirst()
                        .or(() -> found.stream().findFirst()));
    Mono<List<SalesRecord>> others =
        records
            .payments(id)
            .map(RecordVersion::record)
            .filter(p -> !p.key().equals(record.key()))
            .collectList();
    return Mono.zip(contract, others)
        .map(
            t ->
                new Loaded(
                    new RecordValidation.Context(repKnown, t.getT1(), t.getT2()),
                    t.getT1().map(SalesRecord::rep)));
  }

  private static List<Hold> holds(
      SalesRecord record, Loaded context, List<Violation> reasons, RecordRules rules) {
    String reason = reasons.stream().map(Violation::rule).collect(Collectors.joining(","));
    YearMonth period = rules.period(record.occurredAt());
    List<Hold> out = new ArrayList<>();
    out.add(new Hold(record.rep(), period, record.key(), reason));
    context
        .contractRep()
        .filter(rep -> !rep.equals(record.rep()))
        .ifPresent(rep -> out.add(new Hold(rep, period, record.key(), reason)));
    return out;
  }
}
