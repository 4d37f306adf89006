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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
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
  public Flux<RecordVersion> current(Collection<RecordKey> keys) {
    if (keys.isEmpty()) {
      return Flux.empty();
    }
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions JOIN unnest(CAST(:s AS text[]), CAST(:e AS text[]))"
                + " AS k(s, e) ON source = k.s AND external_id = k.e WHERE current")
        .bind("s", keys.stream().map(RecordKey::source).toArray(String[]::new))
        .bind("e", keys.stream().map(RecordKey::externalId).toArray(String[]::new))
        .map(PostgresRecords::version)
        .all();
  }

  @Override
  public Flux<RecordVersion> contracts(Collection<String> externalIds) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE current AND type = 'contract'"
                + " AND external_id = ANY(CAST(:e AS text[])) AND status <> 'quarantined'"
                + " AND NOT deleted ORDER BY external_id COLLATE \"C\", source COLLATE \"C\"")
        .bind("e", externalIds.toArray(String[]::new))
        .map(PostgresRecords::version)
        .all();
  }

  @Override
  public Flux<RecordVersion> payments(Collection<String> contracts) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM record_versions WHERE current AND type = 'payment'"
                + " AND contract_ref = ANY(CAST(:c AS text[])) AND status <> 'quarantined'"
                + " AND NOT deleted ORDER BY contract_ref COLLATE \"C\", source COLLATE \"C\","
                + " external_id COLLATE \"C\"")
        .bind("c", contracts.toArray(String[]::new))
        .map(PostgresRecords::version)
        .all();
  }

  /** Another writer stored a version of a record of the batch first: roll the batch back. */
  private static final class Conflict extends RuntimeException {
    Conflict() {
      super("a record of the batch was written concurrently", null, false, false);
    }
  }

  /**
   * Set-based: one statement each retires the previous versions, inserts the new ones, lifts the
   * corrected records' holds, puts the new holds and marks the periods, whatever the batch's size.
   */
  @Override
  public Mono<Boolean> appendAll(List<Append> appends) {
    if (appends.isEmpty()) {
      return Mono.just(true);
    }
    List<RecordVersion> corrections =
        appends.stream().map(Append::next).filter(v -> v.version() > 1).toList();
    Mono<Void> write =
        retireAll(corrections)
            .then(insertAll(appends.stream().map(Append::next).toList()))
            .then(liftAll(corrections))
            .then(holdAll(appends))
            .then(markAll(appends));
    return tx.transactional(write)
        .thenReturn(true)
        .onErrorResume(Conflict.class, e -> Mono.just(false));
  }

  private Mono<Void> retireAll(List<RecordVersion> corrections) {
    if (corrections.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "UPDATE record_versions SET current = false FROM unnest(CAST(:s AS text[]),"
                + " CAST(:e AS text[]), CAST(:v AS text[])) AS x(s, e, v) WHERE source = x.s"
                + " AND external_id = x.e AND version = CAST(x.v AS integer) - 1 AND current")
        .bind("s", column(corrections, v -> v.key().source()))
        .bind("e", column(corrections, v -> v.key().externalId()))
        .bind("v", column(corrections, v -> Integer.toString(v.version())))
        .fetch()
        .rowsUpdated()
        .flatMap(n -> n == corrections.size() ? Mono.<Void>empty() : Mono.error(new Conflict()));
  }

  private Mono<Void> insertAll(List<RecordVersion> versions) {
    return db.sql(
            "INSERT INTO record_versions (source, external_id, version, current, type, rep,"
                + " occurred_at, deleted, backfill, contract_ref, fields, status, reason_rules,"
                + " reason_details, received_at) SELECT x.s, x.e, CAST(x.v AS integer), true,"
                + " x.type, x.rep, CAST(x.at AS timestamptz), CAST(x.deleted AS boolean),"
                + " CAST(x.backfill AS boolean), NULLIF(x.contract, ''), CAST(x.fields AS jsonb),"
                + " x.status, ARRAY(SELECT jsonb_array_elements_text(CAST(x.rules AS jsonb))),"
                + " ARRAY(SELECT jsonb_array_elements_text(CAST(x.details AS jsonb))),"
                + " CAST(x.received AS timestamptz) FROM unnest(CAST(:s AS text[]),"
                + " CAST(:e AS text[]), CAST(:v AS text[]), CAST(:type AS text[]),"
                + " CAST(:rep AS text[]), CAST(:at AS text[]), CAST(:deleted AS text[]),"
                + " CAST(:backfill AS text[]), CAST(:contract AS text[]), CAST(:fields AS text[]),"
                + " CAST(:status AS text[]), CAST(:rules AS text[]), CAST(:details AS text[]),"
                + " CAST(:received AS text[])) AS x(s, e, v, type, rep, at, deleted, backfill,"
                + " contract, fields, status, rules, details, received) ON CONFLICT DO NOTHING")
        .bind("s", column(versions, v -> v.key().source()))
        .bind("e", column(versions, v -> v.key().externalId()))
        .bind("v", column(versions, v -> Integer.toString(v.version())))
        .bind("type", column(versions, v -> v.record().type().wire()))
        .bind("rep", column(versions, v -> v.record().rep().toString()))
        .bind("at", column(versions, v -> v.record().occurredAt().toString()))
        .bind("deleted", column(versions, v -> Boolean.toString(v.record().deleted())))
        .bind("backfill", column(versions, v -> Boolean.toString(v.record().backfill())))
        .bind("contract", column(versions, v -> v.record().contract().orElse("")))
        .bind("fields", column(versions, v -> FlatJson.write(v.record().fields())))
        .bind("status", column(versions, v -> v.status().name().toLowerCase(Locale.ROOT)))
        .bind("rules", column(versions, v -> FlatJson.array(v.reasons(), Violation::rule)))
        .bind("details", column(versions, v -> FlatJson.array(v.reasons(), Violation::detail)))
        .bind("received", column(versions, v -> v.receivedAt().toString()))
        .fetch()
        .rowsUpdated()
        .flatMap(n -> n == versions.size() ? Mono.<Void>empty() : Mono.error(new Conflict()));
  }

  private Mono<Void> liftAll(List<RecordVersion> corrections) {
    if (corrections.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "UPDATE record_holds SET lifted_at = CAST(x.at AS timestamptz),"
                + " lifted_by = 'correction', lift_reason = 'version ' || x.v"
                + " FROM unnest(CAST(:s AS text[]), CAST(:e AS text[]), CAST(:v AS text[]),"
                + " CAST(:at AS text[])) AS x(s, e, v, at)"
                + " WHERE source = x.s AND external_id = x.e AND lifted_at IS NULL")
        .bind("s", column(corrections, v -> v.key().source()))
        .bind("e", column(corrections, v -> v.key().externalId()))
        .bind("v", column(corrections, v -> Integer.toString(v.version())))
        .bind("at", column(corrections, v -> v.receivedAt().toString()))
        .then();
  }

  private Mono<Void> holdAll(List<Append> appends) {
    List<Hold> holds = new ArrayList<>();
    List<String> at = new ArrayList<>();
    for (Append a : appends) {
      for (Hold h : a.holds()) {
        holds.add(h);
        at.add(a.next().receivedAt().toString());
      }
    }
    if (holds.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "INSERT INTO record_holds (rep, period, source, external_id, reason, held_at)"
                + " SELECT x.rep, x.period, x.s, x.e, x.reason, CAST(x.at AS timestamptz)"
                + " FROM unnest(CAST(:rep AS text[]), CAST(:period AS text[]), CAST(:s AS text[]),"
                + " CAST(:e AS text[]), CAST(:reason AS text[]), CAST(:at AS text[]))"
                + " WITH ORDINALITY AS x(rep, period, s, e, reason, at, n) ORDER BY x.n")
        .bind("rep", column(holds, h -> h.rep().toString()))
        .bind("period", column(holds, h -> h.period().toString()))
        .bind("s", column(holds, h -> h.record().source()))
        .bind("e", column(holds, h -> h.record().externalId()))
        .bind("reason", column(holds, Hold::reason))
        .bind("at", at.toArray(String[]::new))
        .then();
  }

  /** Each period once, with the latest time it was marked; in order, so writers lock alike. */
  private Mono<Void> markAll(List<Append> appends) {
    Map<YearMonth, Instant> periods = new TreeMap<>();
    for (Append a : appends) {
      for (YearMonth p : a.dirty()) {
        periods.merge(p, a.next().receivedAt(), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    return db.sql(
            "INSERT INTO record_dirty_periods (period, marked_at) SELECT x.p,"
                + " CAST(x.at AS timestamptz) FROM unnest(CAST(:p AS text[]), CAST(:at AS text[]))"
                + " AS x(p, at) ON CONFLICT (period) DO UPDATE SET marked_at = EXCLUDED.marked_at")
        .bind("p", periods.keySet().stream().map(YearMonth::toString).toArray(String[]::new))
        .bind("at", periods.values().stream().map(Instant::toString).toArray(String[]::new))
        .then();
  }

  private static <T> String[] column(List<T> rows, Function<T, String> value) {
    String[] out = new String[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = value.apply(rows.get(i));
    }
    return out;
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
