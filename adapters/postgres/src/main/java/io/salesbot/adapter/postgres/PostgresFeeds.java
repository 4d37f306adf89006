package io.salesbot.adapter.postgres;

import io.r2dbc.spi.Readable;
import io.salesbot.core.score.Feeds;
import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedHold;
import io.salesbot.core.score.domain.FeedObservation;
import io.salesbot.core.score.domain.FeedTally;
import io.salesbot.core.score.domain.Release;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link Feeds} on PostgreSQL: {@code feed_observations} (one row per delivered record), {@code
 * feed_conditions} (primary key source and kind: a raise is an insert only one writer wins, a clear
 * a delete only one writer sees) and {@code feed_holds} (kept after release, with who and why).
 */
final class PostgresFeeds implements Feeds {
  private static final String OBSERVATION =
      "SELECT source, type, at, outcome, fields, unknown, missing, period FROM feed_observations";

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  PostgresFeeds(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  @Override
  public Mono<Void> observe(FeedObservation o) {
    return db.sql(
            "INSERT INTO feed_observations (source, type, at, outcome, fields, unknown, missing,"
                + " period) VALUES (:source, :type, :at, :outcome, :fields, :unknown, :missing,"
                + " :period)")
        .bind("source", o.source())
        .bind("type", o.type())
        .bind("at", PostgresLeads.time(o.at()))
        .bind("outcome", o.outcome().name().toLowerCase(Locale.ROOT))
        .bind("fields", o.fields().toArray(String[]::new))
        .bind("unknown", o.unknown().toArray(String[]::new))
        .bind("missing", o.missing().toArray(String[]::new))
        .bind("period", o.period().toString())
        .then();
  }

  /** One insert for the whole batch; the rows get their ids in the batch's order. */
  @Override
  public Mono<Void> observeAll(List<FeedObservation> all) {
    if (all.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "INSERT INTO feed_observations (source, type, at, outcome, fields, unknown, missing,"
                + " period) SELECT x.source, x.type, CAST(x.at AS timestamptz), x.outcome,"
                + " ARRAY(SELECT jsonb_array_elements_text(CAST(x.fields AS jsonb))),"
                + " ARRAY(SELECT jsonb_array_elements_text(CAST(x.unknown AS jsonb))),"
                + " ARRAY(SELECT jsonb_array_elements_text(CAST(x.missing AS jsonb))), x.period"
                + " FROM unnest(CAST(:source AS text[]), CAST(:type AS text[]),"
                + " CAST(:at AS text[]), CAST(:outcome AS text[]), CAST(:fields AS text[]),"
                + " CAST(:unknown AS text[]), CAST(:missing AS text[]), CAST(:period AS text[]))"
                + " WITH ORDINALITY AS x(source, type, at, outcome, fields, unknown, missing,"
                + " period, n) ORDER BY x.n")
        .bind("source", all.stream().map(FeedObservation::source).toArray(String[]::new))
        .bind("type", all.stream().map(FeedObservation::type).toArray(String[]::new))
        .bind("at", all.stream().map(o -> o.at().toString()).toArray(String[]::new))
        .bind(
            "outcome",
            all.stream()
                .map(o -> o.outcome().name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new))
        .bind("fields", all.stream().map(o -> strings(o.fields())).toArray(String[]::new))
        .bind("unknown", all.stream().map(o -> strings(o.unknown())).toArray(String[]::new))
        .bind("missing", all.stream().map(o -> strings(o.missing())).toArray(String[]::new))
        .bind("period", all.stream().map(o -> o.period().toString()).toArray(String[]::new))
        .then();
  }

  private static String strings(java.util.Collection<String> values) {
    return FlatJson.array(List.copyOf(values), v -> v);
  }

  @Override
  public Flux<FeedObservation> recent(String source, Instant since, int n) {
    return db.sql(
            OBSERVATION
                + " WHERE source = :source AND at >= :since ORDER BY at DESC, id DESC LIMIT :n")
        .bind("source", source)
        .bind("since", PostgresLeads.time(since))
        .bind("n", n)
        .map(PostgresFeeds::observation)
        .all();
  }

  @Override
  public Flux<FeedObservation> first(String source, String type, Instant since, int n) {
    return db.sql(
            OBSERVATION
                + " WHERE source = :source AND type = :type AND outcome <> 'refused'"
                + " AND at >= :since ORDER BY at, id LIMIT :n")
        .bind("source", source)
        .bind("type", type)
        .bind("since", PostgresLeads.time(since))
        .bind("n", n)
        .map(PostgresFeeds::observation)
        .all();
  }

  @Override
  public Mono<Instant> last(String source) {
    return db.sql(
            "SELECT at FROM feed_observations WHERE source = :source ORDER BY at DESC, id DESC"
                + " LIMIT 1")
        .bind("source", source)
        .map(row -> PostgresLeads.instant(row, "at"))
        .one();
  }

  @Override
  public Flux<FeedTally> tally(Instant from, Instant to) {
    // the longest gap: between two consecutive deliveries, or from the last one to the span's end
    return db.sql(
            "SELECT source, count(*) AS delivered,"
                + " count(*) FILTER (WHERE outcome = 'quarantined') AS quarantined,"
                + " count(*) FILTER (WHERE outcome = 'refused') AS refused,"
                + " max(at) AS last,"
                + " GREATEST(COALESCE(max(EXTRACT(EPOCH FROM gap)), 0),"
                + "          EXTRACT(EPOCH FROM (:to - max(at)))) AS longest"
                + " FROM (SELECT source, outcome, at,"
                + "        at - lag(at) OVER (PARTITION BY source ORDER BY at, id) AS gap"
                + "       FROM feed_observations WHERE at >= :from AND at < :to) o"
                + " GROUP BY source ORDER BY source")
        .bind("from", PostgresLeads.time(from))
        .bind("to", PostgresLeads.time(to))
        .map(
            row ->
                new FeedTally(
                    PostgresLeads.required(row, "source"),
                    number(row, "delivered"),
                    number(row, "quarantined"),
                    number(row, "refused"),
                    Duration.ofNanos(
                        row.get("longest", java.math.BigDecimal.class)
                            .movePointRight(9)
                            .longValueExact()),
                    PostgresLeads.instant(row, "last")))
        .all();
  }

  @Override
  public Mono<Boolean> raise(FeedCondition c, Set<YearMonth> periods) {
    Mono<Boolean> write =
        db.sql(
                "INSERT INTO feed_conditions (source, kind, since, detail)"
                    + " VALUES (:source, :kind, :since, :detail) ON CONFLICT DO NOTHING")
            .bind("source", c.source())
            .bind("kind", c.kind().wire())
            .bind("since", PostgresLeads.time(c.since()))
            .bind("detail", c.detail())
            .fetch()
            .rowsUpdated()
            .flatMap(
                n ->
                    n == 0
                        ? Mono.just(false)
                        : Flux.fromIterable(periods)
                            .concatMap(p -> hold(c, p))
                            .then(Mono.just(true)));
    return tx.transactional(write);
  }

  private Mono<Long> hold(FeedCondition c, YearMonth period) {
    return db.sql(
            "INSERT INTO feed_holds (source, kind, since, period, detail)"
                + " VALUES (:source, :kind, :since, :period, :detail) ON CONFLICT DO NOTHING")
        .bind("source", c.source())
        .bind("kind", c.kind().wire())
        .bind("since", PostgresLeads.time(c.since()))
        .bind("period", period.toString())
        .bind("detail", c.detail())
        .fetch()
        .rowsUpdated();
  }

  @Override
  public Mono<FeedCondition> clear(String source, FeedCondition.Kind kind) {
    return db.sql(
            "DELETE FROM feed_conditions WHERE source = :source AND kind = :kind"
                + " RETURNING source, kind, since, detail")
        .bind("source", source)
        .bind("kind", kind.wire())
        .map(PostgresFeeds::condition)
        .one();
  }

  @Override
  public Flux<FeedCondition> conditions() {
    return db.sql("SELECT source, kind, since, detail FROM feed_conditions ORDER BY source, kind")
        .map(PostgresFeeds::condition)
        .all();
  }

  @Override
  public Flux<FeedHold> openHolds() {
    return db.sql(
            "SELECT source, kind, since, detail, period FROM feed_holds"
                + " WHERE released_at IS NULL ORDER BY period, source, kind, since")
        .map(
            row ->
                new FeedHold(
                    YearMonth.parse(PostgresLeads.required(row, "period")), condition(row)))
        .all();
  }

  @Override
  public Mono<Integer> release(String source, Release release) {
    return db.sql(
            "UPDATE feed_holds SET released_by = :by, released_reason = :reason,"
                + " released_at = :at WHERE source = :source AND released_at IS NULL")
        .bind("by", release.by().toString())
        .bind("reason", release.reason())
        .bind("at", PostgresLeads.time(release.at()))
        .bind("source", source)
        .fetch()
        .rowsUpdated()
        .map(Long::intValue);
  }

  @Override
  public Mono<Instant> shapeReleased(String source) {
    return db.sql(
            "SELECT max(released_at) AS at FROM feed_holds WHERE source = :source"
                + " AND kind = 'shape' AND released_at IS NOT NULL")
        .bind("source", source)
        .map(row -> java.util.Optional.ofNullable(row.get("at", java.time.OffsetDateTime.class)))
        .one()
        .flatMap(at -> Mono.justOrEmpty(at.map(java.time.OffsetDateTime::toInstant)));
  }

  private static long number(Readable row, String column) {
    Long n = row.get(column, Long.class);
    return n == null ? 0 : n;
  }

  private static FeedCondition condition(Readable row) {
    return new FeedCondition(
        PostgresLeads.required(row, "source"),
        FeedCondition.Kind.ofWire(PostgresLeads.required(row, "kind")),
        PostgresLeads.instant(row, "since"),
        PostgresLeads.required(row, "detail"));
  }

  private static FeedObservation observation(Readable row) {
    return new FeedObservation(
        PostgresLeads.required(row, "source"),
        PostgresLeads.required(row, "type"),
        PostgresLeads.instant(row, "at"),
        FeedObservation.Outcome.valueOf(
            PostgresLeads.required(row, "outcome").toUpperCase(Locale.ROOT)),
        Set.of(row.get("fields", String[].class)),
        Set.of(row.get("unknown", String[].class)),
        Set.of(row.get("missing", String[].class)),
        YearMonth.parse(PostgresLeads.required(row, "period")));
  }
}
