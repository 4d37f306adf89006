package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.Receivable;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Release;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.Tally;
import io.salesbot.core.score.domain.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Records} on PostgreSQL: {@code record_versions} (every version; the newest flagged {@code
 * current}, unique per record), {@code record_holds} (lifted holds stay, with who lifted them) and
 * {@code record_dirty_periods}. An append is conditional on the previous version still being the
 * current one, so two writers of the same record cannot both win.
 */
final class PostgresRecords implements Records {
  private static final String COLUMNS =
      "source, external_id, version, type, rep, occurred_at, deleted, backfill, fields::text AS"
          + " fields, status, reason_rules, reason_details, received_at, released_by,"
          + " release_reason, released_at";

  /** What a score reads of a counted version: no reasons, no release. */
  private static final String COUNTED_COLUMNS =
      "source, external_id, version, type, rep, occurred_at, deleted, backfill, fields::text AS"
          + " fields, status, received_at";

  /** A counted version: the current one, neither deleted nor quarantined. */
  private static final String COUNTED = "current AND NOT deleted AND status <> 'quarantined'";

  /** The field a tally sums, by the row's type ({@link Tally#summed}). */
  private static final String SUMMED =
      java.util.Arrays.stream(RecordType.values())
          .filter(t -> Tally.summed(t).isPresent())
          .map(t -> " WHEN '" + t.wire() + "' THEN '" + Tally.summed(t).orElseThrow() + "'")
          .collect(java.util.stream.Collectors.joining("", "CASE type", " END"));

  private static final String BY_KEY = " ORDER BY source COLLATE \"C\", external_id COLLATE \"C\"";

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  PostgresRecords(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  @Override
  public Mono<RecordVersion> current(RecordKey key) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE source = :s AND external_id = :e AND current")
        .bind("s", key.source())
        .bind("e", key.externalId())
        .map(PostgresRecords::version)
        .one();
  }

  @Override
  public Flux<RecordVersion> versions(RecordKey key) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE source = :s AND external_id = :e ORDER BY version")
        .bind("s", key.source())
        .bind("e", key.externalId())
        .map(PostgresRecords::version)
        .all();
  }

  @Override
  public Flux<RecordVersion> contracts(String externalId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE current AND type = 'contract' AND external_id = :e"
                + " AND status <> 'quarantined' AND NOT deleted"
                + BY_KEY)
        .bind("e", externalId)
        .map(PostgresRecords::version)
        .all();
  }

  @Override
  public Flux<RecordVersion> payments(String contract) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE current AND type = 'payment' AND contract_ref = :c"
                + " AND status <> 'quarantined' AND NOT deleted"
                + BY_KEY)
        .bind("c", contract)
        .map(PostgresRecords::version)
        .all();
  }

  @Override
  public Mono<Boolean> append(RecordVersion next, List<Hold> holds, Set<YearMonth> dirty) {
    RecordKey key = next.key();
    Mono<Boolean> previousRetired =
        next.version() == 1
            ? Mono.just(true)
            : db.sql(
                    "UPDATE record_versions SET current = false WHERE source = :s AND external_id"
                        + " = :e AND version = :v AND current")
                .bind("s", key.source())
                .bind("e", key.externalId())
                .bind("v", next.version() - 1)
                .fetch()
                .rowsUpdated()
                .map(n -> n == 1);
    Mono<Boolean> write =
        previousRetired.flatMap(
            retired ->
                !retired
                    ? Mono.just(false)
                    : insert(next)
                        .flatMap(
                            inserted ->
                                !inserted
                                    ? Mono.just(false)
                                    : lift(
                                            key,
                                            next.receivedAt(),
                                            "correction",
                                            "version " + next.version())
                                        .thenMany(Flux.fromIterable(holds))
                                        .concatMap(h -> hold(h, next.receivedAt()))
                                        .then(mark(dirty, next.receivedAt()))
                                        .thenReturn(true)));
    return tx.transactional(write);
  }

  private Mono<Boolean> insert(RecordVersion v) {
    SalesRecord r = v.record();
    var spec =
        db.sql(
                "INSERT INTO record_versions (source, external_id, version, current, type, rep,"
                    + " occurred_at, deleted, backfill, contract_ref, fields, status, reason_rules,"
                    + " reason_details, received_at) VALUES (:s, :e, :v, true, :type, :rep, :at,"
                    + " :deleted, :backfill, :contract, CAST(:fields AS jsonb), :status, :rules,"
                    + " :details, :received) ON CONFLICT DO NOTHING")
            .bind("s", r.key().source())
            .bind("e", r.key().externalId())
            .bind("v", v.version())
            .bind("type", r.type().wire())
            .bind("rep", r.rep().toString())
            .bind("at", PostgresLeads.time(r.occurredAt()))
            .bind("deleted", r.deleted())
            .bind("backfill", r.backfill())
            .bind("fields", FlatJson.write(r.fields()))
            .bind("status", v.status().name().toLowerCase(Locale.ROOT))
            .bind("rules", v.reasons().stream().map(Violation::rule).toArray(String[]::new))
            .bind("details", v.reasons().stream().map(Violation::detail).toArray(String[]::new))
            .bind("received", PostgresLeads.time(v.receivedAt()));
    return PostgresLeads.text(spec, "contract", r.contract().orElse(null))
        .fetch()
        .rowsUpdated()
        .map(n -> n == 1);
  }

  private Mono<Void> lift(RecordKey key, Instant at, String by, String reason) {
    return db.sql(
            "UPDATE record_holds SET lifted_at = :at, lifted_by = :by, lift_reason = :reason"
                + " WHERE source = :s AND external_id = :e AND lifted_at IS NULL")
        .bind("at", PostgresLeads.time(at))
        .bind("by", by)
        .bind("reason", reason)
        .bind("s", key.source())
        .bind("e", key.externalId())
        .then();
  }

  private Mono<Void> hold(Hold h, Instant at) {
    return db.sql(
            "INSERT INTO record_holds (rep, period, source, external_id, reason, held_at)"
                + " VALUES (:rep, :period, :s, :e, :reason, :at)")
        .bind("rep", h.rep().toString())
        .bind("period", h.period().toString())
        .bind("s", h.record().source())
        .bind("e", h.record().externalId())
        .bind("reason", h.reason())
        .bind("at", PostgresLeads.time(at))
        .then();
  }

  private Mono<Void> mark(Set<YearMonth> periods, Instant at) {
    return Flux.fromIterable(periods)
        .concatMap(
            p ->
                db.sql(
                        "INSERT INTO record_dirty_periods (period, marked_at) VALUES (:p, :at)"
                            + " ON CONFLICT (period) DO UPDATE SET marked_at = EXCLUDED.marked_at")
                    .bind("p", p.toString())
                    .bind("at", PostgresLeads.time(at))
                    .then())
        .then();
  }

  @Override
  public Flux<RecordVersion> counted(Instant from, Instant to) {
    return db.sql(
            "SELECT "
                + COUNTED_COLUMNS
                + " FROM record_versions WHERE "
                + COUNTED
                + " AND occurred_at >= :from AND occurred_at < :to")
        .bind("from", PostgresLeads.time(from))
        .bind("to", PostgresLeads.time(to))
        .map(PostgresRecords::counted)
        .all();
  }

  @Override
  public Flux<RecordVersion> counted(Instant from, Instant to, Set<RecordType> types) {
    return db.sql(
            "SELECT "
                + COUNTED_COLUMNS
                + " FROM record_versions WHERE "
                + COUNTED
                + " AND occurred_at >= :from AND occurred_at < :to"
                + " AND type = ANY(CAST(:types AS text[]))")
        .bind("from", PostgresLeads.time(from))
        .bind("to", PostgresLeads.time(to))
        .bind("types", types.stream().map(RecordType::wire).sorted().toArray(String[]::new))
        .map(PostgresRecords::counted)
        .all();
  }

  /**
   * Grouped in PostgreSQL: a few rows per rep instead of every record. The sum reads the field
   * {@link Tally#summed} names for the row's type ({@code numeric} keeps each decimal's scale, and
   * sums to the largest, as {@code BigDecimal.add} does).
   */
  @Override
  public Flux<Tally> tallies(Instant begins, Instant to) {
    return db.sql(
            "SELECT rep, type, CASE WHEN type = 'metric' THEN fields ->> 'dimension' END AS"
                + " dimension, count(*) AS n, sum(coalesce((fields ->> "
                + SUMMED
                + ")::numeric, 0)) AS total FROM record_versions WHERE "
                + COUNTED
                + " AND occurred_at >= :from AND occurred_at < :to GROUP BY 1, 2, 3")
        .bind("from", PostgresLeads.time(begins))
        .bind("to", PostgresLeads.time(to))
        .map(
            row ->
                new Tally(
                    Address.parse(PostgresLeads.required(row, "rep")),
                    RecordType.ofWire(PostgresLeads.required(row, "type")).orElseThrow(),
                    row.get("dimension", String.class),
                    java.util.Objects.requireNonNull(row.get("n", Long.class), "n"),
                    decimal(row, "total"),
                    List.of()))
        .all();
  }

  @Override
  public Flux<Receivable> receivables(
      Instant contractsFrom, Instant paymentsFrom, Instant begins, Instant to) {
    return db.sql(
            "SELECT c.rep, c.source, c.external_id, coalesce((c.fields ->> 'amount')::numeric, 0)"
                + " AS amount, coalesce(p.before, 0) AS before, coalesce(p.now, 0) AS now"
                + " FROM record_versions c LEFT JOIN (SELECT contract_ref,"
                + " sum(CASE WHEN occurred_at < :begins THEN coalesce((fields ->>"
                + " 'amount')::numeric, 0) ELSE 0 END) AS before,"
                + " sum(CASE WHEN occurred_at >= :begins THEN coalesce((fields ->>"
                + " 'amount')::numeric, 0) ELSE 0 END) AS now"
                + " FROM record_versions WHERE "
                + COUNTED
                + " AND type = 'payment' AND occurred_at >= :pfrom AND occurred_at < :to"
                + " GROUP BY contract_ref) p ON p.contract_ref = c.external_id WHERE"
                + " c.current AND NOT c.deleted AND c.status <> 'quarantined'"
                + " AND c.type = 'contract' AND c.occurred_at >= :cfrom"
                + " AND c.occurred_at < :begins")
        .bind("cfrom", PostgresLeads.time(contractsFrom))
        .bind("pfrom", PostgresLeads.time(paymentsFrom))
        .bind("begins", PostgresLeads.time(begins))
        .bind("to", PostgresLeads.time(to))
        .map(
            row ->
                new Receivable(
                    Address.parse(PostgresLeads.required(row, "rep")),
                    new RecordKey(
                        PostgresLeads.required(row, "source"),
                        PostgresLeads.required(row, "external_id")),
                    decimal(row, "amount"),
                    decimal(row, "before"),
                    decimal(row, "now"),
                    List.of()))
        .all();
  }

  private static BigDecimal decimal(Readable row, String column) {
    return java.util.Objects.requireNonNull(row.get(column, BigDecimal.class), column);
  }

  @Override
  public Flux<RecordVersion> quarantined() {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE current AND status = 'quarantined'"
                + BY_KEY)
        .map(PostgresRecords::version)
        .all();
  }

  @Override
  public Flux<Hold> openHolds() {
    return db.sql(
            "SELECT rep, period, source, external_id, reason FROM record_holds"
                + " WHERE lifted_at IS NULL ORDER BY rep COLLATE \"C\", period,"
                + " source COLLATE \"C\", external_id COLLATE \"C\", id")
        .map(
            row ->
                new Hold(
                    Address.parse(PostgresLeads.required(row, "rep")),
                    YearMonth.parse(PostgresLeads.required(row, "period")),
                    new RecordKey(
                        PostgresLeads.required(row, "source"),
                        PostgresLeads.required(row, "external_id")),
                    PostgresLeads.required(row, "reason")))
        .all();
  }

  @Override
  public Mono<Boolean> release(RecordKey key, int version, Release release, YearMonth period) {
    Mono<Boolean> write =
        db.sql(
                "UPDATE record_versions SET status = 'released', released_by = :by,"
                    + " release_reason = :reason, released_at = :at WHERE source = :s AND"
                    + " external_id = :e AND version = :v AND current AND status = 'quarantined'")
            .bind("by", release.by().toString())
            .bind("reason", release.reason())
            .bind("at", PostgresLeads.time(release.at()))
            .bind("s", key.source())
            .bind("e", key.externalId())
            .bind("v", version)
            .fetch()
            .rowsUpdated()
            .flatMap(
                n ->
                    n != 1
                        ? Mono.just(false)
                        : lift(key, release.at(), release.by().toString(), release.reason())
                            .then(mark(Set.of(period), release.at()))
                            .thenReturn(true));
    return tx.transactional(write);
  }

  @Override
  public Flux<YearMonth> dirtyPeriods() {
    return db.sql("SELECT period FROM record_dirty_periods ORDER BY period")
        .map(row -> YearMonth.parse(PostgresLeads.required(row, "period")))
        .all();
  }

  private static RecordVersion version(Readable row) {
    String[] rules = row.get("reason_rules", String[].class);
    String[] details = row.get("reason_details", String[].class);
    List<Violation> reasons = new ArrayList<>();
    for (int i = 0; rules != null && details != null && i < rules.length; i++) {
      reasons.add(new Violation(rules[i], details[i]));
    }
    String by = row.get("released_by", String.class);
    OffsetDateTime releasedAt = row.get("released_at", OffsetDateTime.class);
    Release release =
        by == null || releasedAt == null
            ? null
            : new Release(
                Address.parse(by),
                PostgresLeads.required(row, "release_reason"),
                releasedAt.toInstant());
    return new RecordVersion(
        record(row),
        number(row, "version"),
        status(row),
        reasons,
        PostgresLeads.instant(row, "received_at"),
        release);
  }

  /** A counted version as a score reads it: without reasons and release. */
  private static RecordVersion counted(Readable row) {
    return new RecordVersion(
        record(row),
        number(row, "version"),
        status(row),
        List.of(),
        PostgresLeads.instant(row, "received_at"),
        null);
  }

  private static int number(Readable row, String column) {
    return java.util.Objects.requireNonNull(row.get(column, Integer.class), column);
  }

  private static RecordStatus status(Readable row) {
    return RecordStatus.valueOf(PostgresLeads.required(row, "status").toUpperCase(Locale.ROOT));
  }

  private static SalesRecord record(Readable row) {
    return new SalesRecord(
        new RecordKey(
            PostgresLeads.required(row, "source"), PostgresLeads.required(row, "external_id")),
        RecordType.ofWire(PostgresLeads.required(row, "type")).orElseThrow(),
        Address.parse(PostgresLeads.required(row, "rep")),
        PostgresLeads.instant(row, "occurred_at"),
        Boolean.TRUE.equals(row.get("deleted", Boolean.class)),
        Boolean.TRUE.equals(row.get("backfill", Boolean.class)),
        FlatJson.read(PostgresLeads.required(row, "fields")));
  }
}
