package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.PostgresLeads.time;

import io.r2dbc.spi.Readable;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.DealReports;
import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StalledDeal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link DealReports} in SQL: every figure is a GROUP BY / FILTER / percentile_cont over one team's
 * rows, so a report reads indexes (V31) and returns a handful of rows whatever the number of deals.
 * Definitions: {@code docs/kpis.md}; {@code DealReportsContract} keeps this equal to the in-memory
 * reference.
 */
final class PostgresDealReports implements DealReports {
  private static final String CLOSING = KpiSql.CLOSING;

  /** Each stage's stalledAfter in seconds, joined by index (the last one for later indexes). */
  private static final String THRESHOLDS =
      " JOIN unnest(CAST(:th AS bigint[])) WITH ORDINALITY AS th(secs, n)"
          + " ON th.n = LEAST(%s, :last) + 1";

  private static final String SNAPSHOT =
      "SELECT d.stage, count(*) AS now,"
          + " count(*) FILTER (WHERE d.last_progress_at < CAST(:now AS timestamptz)"
          + " - th.secs * interval '1 second') AS stalled"
          + " FROM deals d"
          + THRESHOLDS.formatted("d.stage")
          + " WHERE d.team_id = :team AND d.outcome = 'OPEN' GROUP BY d.stage";

  /**
   * Reached stage and first overridden move per cohort deal, one deal at a time from the index on
   * {@code (deal_id, at)} (an aggregate in a LATERAL subquery), whatever the plan: a grouped join
   * of the cohort with its moves, planned for the values at hand, went parallel, 2–4 times slower.
   */
  private static final String REACHED =
      "WITH c AS (SELECT GREATEST(d.stage, COALESCE(a.top, 0)) AS reached,"
          + " COALESCE(a.first_override, 2147483647) AS first_override"
          + " FROM deals d CROSS JOIN LATERAL (SELECT max(t.to_stage) AS top,"
          + " min(t.to_stage) FILTER (WHERE t.overridden) AS first_override"
          + " FROM deal_transitions t WHERE t.deal_id = d.id) AS a"
          + " WHERE d.team_id = :team AND d.opened_at >= :from AND d.opened_at < :to)"
          + " SELECT s.i AS stage, count(*) FILTER (WHERE c.reached >= s.i) AS reached,"
          + " count(*) FILTER (WHERE c.reached >= s.i AND c.first_override > s.i) AS in_order"
          + " FROM generate_series(0, :last) AS s(i) CROSS JOIN c GROUP BY s.i";

  /**
   * Completed stays per stage of the cohort's deals: each deal's claim (a stay in stage 0) and
   * stage changes, each ended by the next (or by closing). One deal at a time from the index on
   * {@code (deal_id, at)} (a window in a LATERAL subquery): a month's cohort is a few thousand
   * deals of hundreds of thousands of moves, which a hash join would read whole.
   */
  private static final String DWELL =
      "WITH c AS (SELECT id, opened_at FROM deals"
          + " WHERE team_id = :team AND opened_at >= :from AND opened_at < :to)"
          + " SELECT s.stage, count(*) AS stays, avg(s.secs) AS avg_secs,"
          + " percentile_cont(0.5) WITHIN GROUP (ORDER BY s.secs) AS median_secs"
          + " FROM c CROSS JOIN LATERAL (SELECT ev.stage, ev.closing,"
          + " EXTRACT(EPOCH FROM (lead(ev.at) OVER (ORDER BY ev.at, ev.seq) - ev.at)) AS secs"
          + " FROM (SELECT 0 AS stage, c.opened_at AS at, CAST(0 AS bigint) AS seq,"
          + " false AS closing"
          + " UNION ALL SELECT t.to_stage, t.at, t.id, t.kind IN "
          + CLOSING
          + " FROM deal_transitions t WHERE t.deal_id = c.id AND (t.kind IN "
          + CLOSING
          + " OR t.to_stage <> t.from_stage)) AS ev) AS s"
          + " WHERE NOT s.closing AND s.secs IS NOT NULL GROUP BY s.stage";

  private static final String STALLED =
      "SELECT d.id, d.owner, d.stage, d.last_progress_at FROM deals d"
          + THRESHOLDS.formatted("d.stage")
          + " WHERE d.team_id = :team AND d.outcome = 'OPEN'"
          + " AND d.last_progress_at < CAST(:now AS timestamptz) - th.secs * interval '1 second'"
          + " ORDER BY d.last_progress_at, d.id LIMIT :limit";

  private static final String SKIPS =
      "SELECT r.* FROM skip_requests r JOIN deals d ON d.id = r.deal_id"
          + " WHERE d.team_id = :team AND r.requested_at >= :from AND r.requested_at < :to"
          + " ORDER BY r.requested_at DESC, r.id LIMIT :limit";

  private final DatabaseClient db;

  PostgresDealReports(DatabaseClient db) {
    this.db = db;
  }

  private GenericExecuteSpec sql(String sql, ReportQuery q) {
    GenericExecuteSpec spec = db.sql(sql).bind("team", q.teamId());
    if (sql.contains(":from")) {
      spec = spec.bind("from", time(q.from()));
    }
    if (sql.contains(":to")) {
      spec = spec.bind("to", time(q.to()));
    }
    if (sql.contains(":now")) {
      spec = spec.bind("now", time(q.now()));
    }
    if (sql.contains(":th")) {
      spec =
          spec.bind("th", q.stalledAfter().stream().map(Duration::toSeconds).toArray(Long[]::new));
    }
    if (sql.contains(":last")) {
      spec = spec.bind("last", q.stalledAfter().size() - 1);
    }
    if (sql.contains(":act")) {
      spec = spec.bind("act", q.actWithin().toSeconds());
    }
    return spec;
  }

  @Override
  public Mono<Funnel> funnel(ReportQuery q, int stages) {
    GenericExecuteSpec reached = sql(REACHED, q).bind("last", stages - 1);
    Mono<Map<Integer, long[]>> snapshot =
        sql(SNAPSHOT, q)
            .map(
                row ->
                    Map.entry(
                        integer(row, "stage"),
                        new long[] {count(row, "now"), count(row, "stalled")}))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    Mono<Map<Integer, long[]>> reach =
        reached
            .map(
                row ->
                    Map.entry(
                        integer(row, "stage"),
                        new long[] {count(row, "reached"), count(row, "in_order")}))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    Mono<Map<Integer, Object[]>> dwell =
        sql(DWELL, q)
            .map(
                row ->
                    Map.entry(
                        integer(row, "stage"),
                        new Object[] {
                          count(row, "stays"), seconds(row, "avg_secs"), seconds(row, "median_secs")
                        }))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    return Mono.zip(snapshot, reach, dwell)
        .map(
            t -> {
              List<Funnel.Row> rows = new ArrayList<>();
              for (int i = 0; i < stages; i++) {
                long[] s = t.getT1().getOrDefault(i, new long[2]);
                long[] r = t.getT2().getOrDefault(i, new long[2]);
                Object[] d = t.getT3().getOrDefault(i, new Object[] {0L, null, null});
                rows.add(
                    new Funnel.Row(
                        i, s[0], s[1], r[0], r[1], (Long) d[0], (Duration) d[1], (Duration) d[2]));
              }
              return new Funnel(rows);
            });
  }

  @Override
  public Mono<KpiFigures> kpis(ReportQuery q) {
    return kpis(List.of(q)).map(l -> l.get(0));
  }

  @Override
  public Mono<List<KpiFigures>> kpis(List<ReportQuery> periods) {
    ReportQuery all = ReportQuery.covering(periods);
    String[] froms = periods.stream().map(p -> p.from().toString()).toArray(String[]::new);
    String[] tos = periods.stream().map(p -> p.to().toString()).toArray(String[]::new);
    Mono<Map<Integer, long[]>> moves =
        byBucket(
            all,
            KpiSql.MOVES,
            froms,
            tos,
            row ->
                new long[] {
                  count(row, "won"),
                  millis(row, "cycle"),
                  count(row, "lost"),
                  count(row, "fwd"),
                  count(row, "fwd_ok")
                });
    Mono<Map<Integer, long[]>> open =
        byBucket(
            all,
            KpiSql.OPEN_AT_END,
            froms,
            tos,
            row -> new long[] {count(row, "open"), count(row, "stalled")});
    Mono<Map<Integer, long[]>> interventions =
        byBucket(
            all,
            KpiSql.INTERVENTIONS,
            froms,
            tos,
            row -> new long[] {count(row, "interventions"), count(row, "timely")});
    Mono<Map<Integer, long[]>> touches =
        byBucket(
            all,
            KpiSql.FIRST_TOUCH,
            froms,
            tos,
            row -> new long[] {count(row, "n"), millis(row, "median_secs")});
    return Mono.zip(moves, open, interventions, touches)
        .map(
            t -> {
              List<KpiFigures> out = new ArrayList<>();
              for (int i = 1; i <= froms.length; i++) {
                long[] m = t.getT1().getOrDefault(i, new long[] {0, -1, 0, 0, 0});
                long[] o = t.getT2().getOrDefault(i, new long[2]);
                long[] v = t.getT3().getOrDefault(i, new long[2]);
                long[] f = t.getT4().getOrDefault(i, new long[] {0, -1});
                out.add(
                    new KpiFigures(
                        m[0],
                        duration(m[1]),
                        m[2],
                        o[0],
                        o[1],
                        m[3],
                        m[4],
                        v[0],
                        v[1],
                        f[0],
                        duration(f[1])));
              }
              return out;
            });
  }

  /** A bucketed KPI query's rows by bucket number (buckets without rows are absent). */
  private Mono<Map<Integer, long[]>> byBucket(
      ReportQuery all,
      String query,
      String[] froms,
      String[] tos,
      java.util.function.Function<Readable, long[]> figures) {
    return sql(query, all)
        .bind("starts", froms)
        .bind("ends", tos)
        .map(row -> Map.entry(integer(row, "i"), figures.apply(row)))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  @Override
  public Flux<StalledDeal> stalled(ReportQuery q, int limit) {
    return sql(STALLED, q)
        .bind("limit", limit)
        .map(
            row ->
                new StalledDeal(
                    PostgresLeads.required(row, "id"),
                    Address.parse(PostgresLeads.required(row, "owner")),
                    integer(row, "stage"),
                    PostgresLeads.instant(row, "last_progress_at")))
        .all();
  }

  @Override
  public Flux<SkipRequest> skips(ReportQuery q, int limit) {
    return sql(SKIPS, q).bind("limit", limit).map(PostgresDeals::skip).all();
  }

  private static int integer(Readable row, String column) {
    return Objects.requireNonNull(row.get(column, Number.class)).intValue();
  }

  private static long count(Readable row, String column) {
    Number n = row.get(column, Number.class);
    return n == null ? 0 : n.longValue();
  }

  /** Seconds (a double or numeric) as milliseconds; -1 for SQL NULL. */
  private static long millis(Readable row, String column) {
    Number n = row.get(column, Number.class);
    return n == null ? -1 : Math.round(n.doubleValue() * 1000);
  }

  private static @Nullable Duration seconds(Readable row, String column) {
    return duration(millis(row, column));
  }

  private static @Nullable Duration duration(long millis) {
    return millis < 0 ? null : Duration.ofMillis(millis);
  }
}
