package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.RecordKey;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores one parsed record: idempotent by (source, externalId) — the same values again change
 * nothing, other values are a correction (a new version; the old ones stay) — validated against the
 * rules; a failing record is stored quarantined and holds its rep (and, for a payment, the
 * contract's rep) for the record's period. Each record is its own transaction.
 */
public final class IngestRecord {
  private static final System.Logger LOG = System.getLogger(IngestRecord.class.getName());

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

  /**
   * What became of one record of a batch: its outcome, or why it was not stored (send it again).
   */
  public sealed interface Ingested {
    record Done(RecordOutcome outcome) implements Ingested {}

    record NotStored(Throwable error) implements Ingested {}
  }

  /**
   * Stores a batch, answering for each record, in order, exactly what {@link #ingest} one after the
   * other would: a record sees the ones before it in the batch (a payment naming a contract sent
   * just before it, two payments adding up to more than the limit). Set-based: the batch is cut
   * where a record repeats one before it, and each part is read in three queries (current versions,
   * the contracts its payments and assists name, their payments), decided in memory and written in
   * one transaction. Should that transaction lose to another writer of the same records, or fail,
   * the part is stored record by record instead.
   */
  public Mono<List<Ingested>> ingestAll(List<SalesRecord> batch) {
    return Flux.fromIterable(parts(batch))
        .concatMap(
            part ->
                part(part)
                    .onErrorResume(
                        e -> {
                          LOG.log(
                              System.Logger.Level.WARNING,
                              "a batch of {0} records is stored one by one: {1}",
                              part.size(),
                              e.toString());
                          return oneByOne(part);
                        }))
        .flatMapIterable(l -> l)
        .collectList();
  }

  /** Consecutive runs of the batch in which no record appears twice. */
  static List<List<SalesRecord>> parts(List<SalesRecord> batch) {
    List<List<SalesRecord>> out = new ArrayList<>();
    List<SalesRecord> part = new ArrayList<>();
    Set<RecordKey> keys = new HashSet<>();
    for (SalesRecord r : batch) {
      if (!keys.add(r.key())) {
        out.add(part);
        part = new ArrayList<>();
        keys.clear();
        keys.add(r.key());
      }
      part.add(r);
    }
    if (!part.isEmpty()) {
      out.add(part);
    }
    return out;
  }

  private Mono<List<Ingested>> oneByOne(List<SalesRecord> part) {
    return Flux.fromIterable(part)
        .concatMap(
            r ->
                ingest(r)
                    .<Ingested>map(Ingested.Done::new)
                    .onErrorResume(e -> Mono.just(new Ingested.NotStored(e))))
        .collectList();
  }

  private Mono<List<Ingested>> part(List<SalesRecord> part) {
    Set<RecordKey> keys = new LinkedHashSet<>();
    Set<String> named = new HashSet<>();
    for (SalesRecord r : part) {
      keys.add(r.key());
      if (validatedAgainstContract(r)) {
        named.add(r.contract().orElseThrow());
      }
    }
    Mono<List<RecordVersion>> contracts =
        named.isEmpty() ? Mono.just(List.of()) : records.contracts(named).collectList();
    Mono<List<RecordVersion>> payments =
        named.isEmpty() ? Mono.just(List.of()) : records.payments(named).collectList();
    return Mono.zip(records.current(keys).collectList(), contracts, payments)
        .flatMap(
            t -> {
              BatchView view = new BatchView(t.getT1(), t.getT2(), t.getT3());
              RecordRules r = rules.get();
              Instant now = clock.instant();
              List<Ingested> answers = new ArrayList<>();
              List<Records.Append> appends = new ArrayList<>();
              for (SalesRecord record : part) {
                Optional<RecordVersion> current = view.current(record.key());
                Optional<RecordOutcome> same = unchanged(record, current);
                if (same.isPresent()) {
                  answers.add(new Ingested.Done(same.get()));
                  continue;
                }
                Decision d = decide(record, current, loaded(record, view), r, now);
                view.stored(d.append().next());
                appends.add(d.append());
                answers.add(new Ingested.Done(d.outcome()));
              }
              if (appends.isEmpty()) {
                return Mono.just(answers);
              }
              return records
                  .appendAll(appends)
                  .flatMap(stored -> stored ? Mono.just(answers) : oneByOne(part));
            });
  }

  private Mono<RecordOutcome> attempt(SalesRecord record, int attempt) {
    return records
        .current(record.key())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            current -> {
              Optional<RecordOutcome> same = unchanged(record, current);
              return same.isPresent() ? Mono.just(same.get()) : store(record, current, attempt);
            });
  }

  /** The answer to a record sent again with the values of its current version: nothing stored. */
  private static Optional<RecordOutcome> unchanged(
      SalesRecord record, Optional<RecordVersion> current) {
    if (current.isEmpty() || !current.get().record().sameValuesAs(record)) {
      return Optional.empty();
    }
    RecordVersion c = current.get();
    return Optional.of(
        new RecordOutcome(
            c.key(),
            c.version(),
            c.status() == RecordStatus.QUARANTINED ? Status.QUARANTINED : Status.UNCHANGED,
            c.reasons()));
  }

  /** A record's next version, what it holds and marks, and the answer once it is stored. */
  private record Decision(Records.Append append, RecordOutcome outcome) {}

  private static Decision decide(
      SalesRecord record,
      Optional<RecordVersion> current,
      Loaded context,
      RecordRules r,
      Instant now) {
    List<Violation> reasons = RecordValidation.check(record, context.ctx(), r, now);
    int version = current.map(c -> c.version() + 1).orElse(1);
    RecordStatus status = reasons.isEmpty() ? RecordStatus.ACCEPTED : RecordStatus.QUARANTINED;
    RecordVersion next = new RecordVersion(record, version, status, reasons, now, null);
    Set<YearMonth> dirty = new LinkedHashSet<>();
    dirty.add(r.period(record.occurredAt()));
    current.ifPresent(c -> dirty.add(r.period(c.record().occurredAt())));
    List<Hold> holds = reasons.isEmpty() ? List.of() : holds(record, context, reasons, r);
    Status s =
        !reasons.isEmpty()
            ? Status.QUARANTINED
            : current.isPresent() ? Status.CORRECTED : Status.ACCEPTED;
    return new Decision(
        new Records.Append(next, holds, dirty),
        new RecordOutcome(record.key(), version, s, reasons));
  }

  private Mono<RecordOutcome> store(
      SalesRecord record, Optional<RecordVersion> current, int attempt) {
    RecordRules r = rules.get();
    Instant now = clock.instant();
    return context(record)
        .flatMap(
            context -> {
              Decision d = decide(record, current, context, r, now);
              Records.Append a = d.append();
              return records
                  .append(a.next(), a.holds(), a.dirty())
                  .flatMap(
                      stored -> {
                        if (stored) {
                          return Mono.just(d.outcome());
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

  /** Whether the rules look up the contract the record names (a living payment or assist). */
  private static boolean validatedAgainstContract(SalesRecord record) {
    return !record.deleted()
        && record.contract().isPresent()
        && (record.type() == RecordType.PAYMENT || record.type() == RecordType.ASSIST);
  }

  private Mono<Loaded> context(SalesRecord record) {
    if (!validatedAgainstContract(record)) {
      return Mono.just(loaded(record, List.of(), List.of()));
    }
    String id = record.contract().orElseThrow();
    return Mono.zip(records.contracts(id).collectList(), records.payments(id).collectList())
        .map(t -> loaded(record, t.getT1(), t.getT2()));
  }

  private Loaded loaded(SalesRecord record, BatchView view) {
    if (!validatedAgainstContract(record)) {
      return loaded(record, List.of(), List.of());
    }
    String id = record.contract().orElseThrow();
    return loaded(record, view.contracts(id), view.payments(id));
  }

  /**
   * The context from the contracts with the record's contract id and their payments: a contract
   * from the record's own source wins over one from another source; the record itself is not one of
   * the other payments.
   */
  private Loaded loaded(
      SalesRecord record, List<RecordVersion> contracts, List<RecordVersion> payments) {
    boolean repKnown = directory.teamOf(record.rep()).isPresent();
    Optional<SalesRecord> contract =
        contracts.stream()
            .map(RecordVersion::record)
            .filter(c -> c.key().source().equals(record.key().source()))
            .findFirst()
            .or(() -> contracts.stream().map(RecordVersion::record).findFirst());
    List<SalesRecord> others =
        payments.stream()
            .map(RecordVersion::record)
            .filter(p -> !p.key().equals(record.key()))
            .toList();
    return new Loaded(
        new RecordValidation.Context(repKnown, contract, others), contract.map(SalesRecord::rep));
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
