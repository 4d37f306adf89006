package io.salesbot.adapter.postgres;

/**
 * The statements of {@link PostgresDealReports#kpis(java.util.List)}: one per figure for all the
 * periods of a call ({@code /kpi}: its period, the one compared with, one per week of its trend;
 * the dashboard: 30 days and its five weeks). Definitions: {@code docs/kpis.md}; how they stay fast
 * with one very large team: its section "How the stall-rate query stays fast with one very large
 * team".
 *
 * <p>The driver keeps these as named prepared statements, so after five runs PostgreSQL may plan
 * them once for any team and period (a generic plan: a range of unknown size, a team of unknown
 * size). Where that plan went wrong — the month's moves or first-response clocks looked up one by
 * one in the team's deals or leads — the team's rows are a {@code MATERIALIZED} CTE that the range
 * is hashed against, right for a small team and a large one alike.
 */
final class KpiSql {
  static final String CLOSING = "('WIN','LOSE','INVALIDATE')";

  /**
   * The periods of a KPI call, {@code [b_from, b_to)} numbered {@code i} from 1 (they may overlap
   * and share ends).
   */
  private static final String BUCKETS =
      "WITH bk AS (SELECT b_from, b_to, i FROM unnest(CAST(:starts AS timestamptz[]),"
          + " CAST(:ends AS timestamptz[])) WITH ORDINALITY AS bk(b_from, b_to, i)) ";

  /**
   * Every period's start and end, sorted and distinct ({@code pc.b}): they cut the span into
   * pieces, and each period is a run of whole pieces. A query counts its rows once per piece (the
   * piece of a row at {@code x} starts at {@code pc.b[width_bucket(x, pc.b)]}, the last cut not
   * after {@code x}) and then adds up each period's pieces ({@link #PER_PERIOD}), instead of
   * joining every row to every period it falls in. Only for sums: a median is not a sum of pieces.
   */
  private static final String PIECES =
      BUCKETS
          + ", pc AS MATERIALIZED (SELECT array_agg(DISTINCT x ORDER BY x) AS b FROM bk,"
          + " LATERAL (VALUES (bk.b_from), (bk.b_to)) AS v(x)) ";

  /** The pieces' rows {@code p} (each with its piece's start {@code lo}) added up per period. */
  private static final String PER_PERIOD =
      " FROM bk JOIN p ON p.lo >= bk.b_from AND p.lo < bk.b_to GROUP BY bk.i";

  /**
   * The team's moves of the span per piece: won (and the sum of their cycles), lost, forward and
   * forward in order; per period the sums, and the average cycle as their quotient.
   */
  static final String MOVES =
      PIECES
          + ", d AS MATERIALIZED (SELECT id, opened_at FROM deals WHERE team_id = :team)"
          + ", p AS (SELECT pc.b[width_bucket(t.at, pc.b)] AS lo,"
          + " count(*) FILTER (WHERE t.kind = 'WIN') AS won,"
          + " sum(EXTRACT(EPOCH FROM (t.at - d.opened_at))) FILTER (WHERE t.kind = 'WIN') AS cycle,"
          + " count(*) FILTER (WHERE t.kind = 'LOSE') AS lost,"
          + " count(*) FILTER (WHERE t.kind IN ('ADVANCE','SKIP') AND t.to_stage > t.from_stage)"
          + " AS fwd,"
          + " count(*) FILTER (WHERE t.kind IN ('ADVANCE','SKIP') AND t.to_stage > t.from_stage"
          + " AND NOT t.overridden) AS fwd_ok"
          + " FROM deal_transitions t JOIN d ON d.id = t.deal_id CROSS JOIN pc"
          + " WHERE t.at >= :from AND t.at < :to GROUP BY 1) "
          + "SELECT bk.i, sum(p.won) AS won, sum(p.cycle) / NULLIF(sum(p.won), 0) AS cycle,"
          + " sum(p.lost) AS lost, sum(p.fwd) AS fwd, sum(p.fwd_ok) AS fwd_ok"
          + PER_PERIOD;

  /** The team's skip requests of the span per piece: decided or run out, and decided in time. */
  static final String INTERVENTIONS =
      PIECES
          + ", p AS (SELECT pc.b[width_bucket(r.requested_at, pc.b)] AS lo,"
          + " count(*) FILTER (WHERE r.decided_at IS NOT NULL"
          + " OR r.requested_at + :act * interval '1 second' <= :now) AS interventions,"
          + " count(*) FILTER (WHERE r.decided_at IS NOT NULL"
          + " AND r.decided_at <= r.requested_at + :act * interval '1 second') AS timely"
          + " FROM skip_requests r JOIN deals d ON d.id = r.deal_id CROSS JOIN pc"
          + " WHERE d.team_id = :team AND r.requested_at >= :from AND r.requested_at < :to"
          + " GROUP BY 1) "
          + "SELECT bk.i, sum(p.interventions) AS interventions, sum(p.timely) AS timely"
          + PER_PERIOD;

  /** The median first response per period: a median is no sum, so each row joins its periods. */
  static final String FIRST_TOUCH =
      BUCKETS
          + ", l AS MATERIALIZED (SELECT id FROM leads WHERE team_id = :team) "
          + "SELECT bk.i, count(*) AS n, percentile_cont(0.5) WITHIN GROUP"
          + " (ORDER BY EXTRACT(EPOCH FROM (s.contacted_at - s.started_at))) AS median_secs"
          + " FROM lead_sla s JOIN l ON l.id = s.lead_id"
          + " JOIN bk ON s.started_at >= bk.b_from AND s.started_at < bk.b_to"
          + " WHERE s.started_at >= :from AND s.started_at < :to"
          + " AND s.contacted_at IS NOT NULL GROUP BY bk.i";

  /**
   * Open at each period's end, and stalled then. A deal counts from its claim until its closing
   * move; its progress at an end is last_progress_at when that is not after the end, else the
   * latest stage move before the end (or the claim). Each distinct end is computed once, and each
   * deal is read once for all of them: with the ends sorted ({@code e.e}, numbered j = 1..n), what
   * a deal is at every end is a few runs of ends (lo, hi], found with {@code width_bucket} (the
   * number of ends not after a moment):
   *
   * <ul>
   *   <li>{@code cl}: closing moves since the earliest end, from the index on {@code at} — a deal
   *       closed before every end counts nowhere (salesbot writes a deal's outcome and its closing
   *       move together);
   *   <li>{@code d}: the team's deals once: open at the ends after its claim ({@code o}) up to its
   *       close ({@code c}); progressed after the ends up to {@code p}; stalled as things are now
   *       at the ends after {@code s} (last progress plus its stage's stalledAfter);
   *   <li>{@code gd}: open at (o, c], and stalled at the ends after p (progress known then is its
   *       state now) and after s, up to c — counted per (o, c, max(o, p, s));
   *   <li>{@code gm}: for a deal that progressed after an end (p &gt; 0), its stays between stage
   *       moves from the index on {@code (deal_id, at)} (the claim as a stay in stage 0 from
   *       -infinity), each counting as stalled at the ends after its start, after its progress plus
   *       its stage's stalledAfter and after the claim, up to its next move, p and c (the latest
   *       move before an end is the one whose next move is not before it, in {@code (at, id)}
   *       order) — counted per run.
   * </ul>
   */
  static final String OPEN_AT_END =
      BUCKETS
          + ", e AS MATERIALIZED (SELECT array_agg(DISTINCT b_to ORDER BY b_to) AS e,"
          + " min(b_to) AS first_end, CAST(:th AS bigint[]) AS th FROM bk),"
          + " cl AS (SELECT t.deal_id, min(t.at) AS closed_at FROM deal_transitions t, e"
          + " WHERE t.at >= e.first_end AND t.kind IN "
          + CLOSING
          + " GROUP BY t.deal_id),"
          + " d AS MATERIALIZED (SELECT d.id, d.opened_at, width_bucket(d.opened_at, e.e) AS o,"
          + " COALESCE(width_bucket(cl.closed_at, e.e), cardinality(e.e)) AS c,"
          + " width_bucket(d.last_progress_at - interval '1 microsecond', e.e) AS p,"
          + " width_bucket(d.last_progress_at"
          + " + e.th[LEAST(d.stage, :last) + 1] * interval '1 second', e.e) AS s"
          + " FROM deals d LEFT JOIN cl ON cl.deal_id = d.id, e"
          + " WHERE d.team_id = :team AND d.opened_at < :to"
          + " AND (d.outcome = 'OPEN' OR cl.closed_at IS NOT NULL)),"
          + " gd AS MATERIALIZED (SELECT o, c, GREATEST(o, p, s) AS so, count(*) AS n FROM d"
          + " GROUP BY 1, 2, 3),"
          + " gm AS MATERIALIZED (SELECT lo, hi, count(*) AS n FROM (SELECT"
          + " GREATEST(d.o, width_bucket(m.at, e.e), width_bucket(GREATEST(d.opened_at, m.at)"
          + " + e.th[LEAST(m.to_stage, :last) + 1] * interval '1 second', e.e)) AS lo,"
          + " LEAST(d.c, d.p, COALESCE(width_bucket(m.next_at, e.e), cardinality(e.e))) AS hi"
          + " FROM e, d CROSS JOIN LATERAL (SELECT m.at, m.to_stage,"
          + " lead(m.at) OVER (ORDER BY m.at, m.id) AS next_at FROM"
          + " (SELECT CAST('-infinity' AS timestamptz) AS at, 0 AS to_stage, CAST(0 AS bigint) AS id"
          + " UNION ALL SELECT t.at, t.to_stage, t.id FROM deal_transitions t"
          + " WHERE t.deal_id = d.id AND t.at < :to AND t.kind NOT IN "
          + CLOSING
          + ") AS m) AS m WHERE d.p > 0) AS runs WHERE lo < hi GROUP BY 1, 2) "
          + "SELECT bk.i,"
          + " (SELECT COALESCE(sum(n), 0) FROM gd WHERE gd.o < j.j AND j.j <= gd.c) AS open,"
          + " (SELECT COALESCE(sum(n), 0) FROM gd WHERE gd.so < j.j AND j.j <= gd.c)"
          + " + (SELECT COALESCE(sum(n), 0) FROM gm WHERE gm.lo < j.j AND j.j <= gm.hi) AS stalled"
          + " FROM bk CROSS JOIN e CROSS JOIN LATERAL (SELECT array_position(e.e, bk.b_to) AS j) AS j";

  private KpiSql() {}
}
