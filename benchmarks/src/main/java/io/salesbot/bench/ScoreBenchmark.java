package io.salesbot.bench;

import io.r2dbc.pool.ConnectionPool;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.postgres.SchemaMigrator;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/**
 * A month's scorecard drafts at scale (issue 14): {@code --reps} reps (5,000) in teams of 50 and
 * {@code --records} records (1,000,000) over the month and the three before it, generated straight
 * into PostgreSQL ({@code INSERT … SELECT generate_series}, then {@code VACUUM ANALYZE}). Then the
 * month's drafts are computed {@code --runs} times (5) through the production path {@code /score},
 * {@code /leaderboard} and {@code /publish} use — {@link ScoreDrafts#of} over {@code
 * PostgresAdapter.records()} — and the median reported; each run also split into the read ({@code
 * Records.counted}, decoded) and the rest. Last, the look-up {@code /publish} does before it
 * freezes a version: the current version of every record behind the drafts ({@code
 * Records.current}, 8 at a time), timed on {@code --freeze-sample} keys (20,000) and extrapolated.
 * Each run times both of the drafts' reads: from the records ({@link ScoreDrafts#draft}: {@code
 * /publish}, {@code /score … detail}) and from the store's tallies ({@link ScoreDrafts#of}: {@code
 * /score}, {@code /leaderboard}, the console), and the report says whether the two give the same
 * scorecards.
 *
 * <p>A report, not a test. Options ({@code --name=value}): reps, records, runs, period (2026-11),
 * freeze-sample, explain (false; true adds the plans of the slow statements), out
 * (benchmarks/target/score-report.md).
 */
public final class ScoreBenchmark {
  static final ZoneId ZONE = RecordRules.CHINA;
  static final int TEAM_SIZE = 50;
  static final int MONTHS = 4;

  /** Records per rep and month, by slot: what a busy month of one rep holds (50). */
  static final int PER_REP_MONTH = 50;

  private ScoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = DealBenchmark.options(args);
    int reps = Integer.parseInt(o.getOrDefault("reps", "5000"));
    int records = Integer.parseInt(o.getOrDefault("records", "1000000"));
    int runs = Integer.parseInt(o.getOrDefault("runs", "5"));
    int freezeSample = Integer.parseInt(o.getOrDefault("freeze-sample", "0"));
    YearMonth period = YearMonth.parse(o.getOrDefault("period", "2026-11"));
    Path out = Path.of(o.getOrDefault("out", "benchmarks/target/score-report.md"));
    boolean explain = Boolean.parseBoolean(o.getOrDefault("explain", "false"));
    if (records % (reps * MONTHS) != 0 || records / (reps * MONTHS) != PER_REP_MONTH) {
      throw new IllegalArgumentException(
          "records must be reps × " + MONTHS + " months × " + PER_REP_MONTH + " per rep and month");
    }
    List<String> report = new ArrayList<>();
    report.add("# Scorecard drafts: " + reps + " reps, " + records + " records");
    report.add("");
    report.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, JDK "
            + System.getProperty("java.vm.version")
            + "; load average "
            + BenchLoad.average());

    Path work = Files.createTempDirectory("salesbot-score-bench-");
    ConnectionPool pool = null;
    Path serverLog = work.resolve("postgres.log");
    try (EmbeddedPostgres pg =
        explain ? explaining(work, serverLog) : DealBenchmark.postgres(work)) {
      String jdbc = pg.getJdbcUrl("postgres", "postgres");
      SchemaMigrator.migrate(jdbc, "postgres", "");
      long t0 = System.nanoTime();
      generate(jdbc, reps, period.minusMonths(MONTHS - 1));
      report.add(
          String.format(
              "data: %,d records generated and analysed in %.1f s; load average %s",
              count(jdbc), (System.nanoTime() - t0) / 1e9, BenchLoad.average()));

      pool = DealBenchmark.pool(pg.getPort(), 20);
      PostgresAdapter adapter = new PostgresAdapter(pool);
      Records store = adapter.records();
      ScoreDrafts drafts =
          new ScoreDrafts(
              store,
              new StaticTeamDirectory(teams(reps), "t000"),
              ScorecardModels::defaults,
              RecordRules::defaults);

      List<Double> total = new ArrayList<>();
      List<Double> read = new ArrayList<>();
      List<Double> tallied = new ArrayList<>();
      List<Scorecard> cards = List.of();
      List<Scorecard> fromTallies = List.of();
      for (int run = 1; run <= runs; run++) {
        long r0 = System.nanoTime();
        long n =
            store
                .counted(
                    period.minusMonths(15).atDay(1).atStartOfDay(ZONE).toInstant(),
                    period.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant())
                .count()
                .block(Duration.ofMinutes(10));
        read.add((System.nanoTime() - r0) / 1e9);
        long d0 = System.nanoTime();
        cards = drafts.draft(period).block(Duration.ofMinutes(10)).cards();
        total.add((System.nanoTime() - d0) / 1e9);
        long a0 = System.nanoTime();
        fromTallies = drafts.of(period).block(Duration.ofMinutes(10));
        tallied.add((System.nanoTime() - a0) / 1e9);
        report.add(
            String.format(
                "run %d: read %,d counted records %.2f s; drafts of %s from the records (with"
                    + " versions: /publish, /score … detail) %.2f s; from the tallies (/score,"
                    + " /leaderboard, console) %.2f s; load average %s",
                run,
                n,
                read.get(read.size() - 1),
                period,
                total.get(total.size() - 1),
                tallied.get(tallied.size() - 1),
                BenchLoad.average()));
      }
      report.add("");
      report.add(sanity(cards, reps));
      boolean same = fromTallies.equals(cards.stream().map(Scorecard::withoutRecords).toList());
      report.add(
          String.format(
              "scorecards from the tallies %s the scorecards from the records without their records",
              same ? "EQUAL" : "DIFFER FROM"));
      report.add(
          String.format(
              "**drafts of %s from the tallies: median %.2f s** — target ≤ 10 s: %s; from the"
                  + " records (with versions): median %.2f s (read alone: median %.2f s) over %d"
                  + " runs",
              period,
              median(tallied),
              median(tallied) <= 10 ? "met" : "MISSED",
              median(total),
              median(read),
              runs));

      if (freezeSample > 0) {
        lookups(store, cards, freezeSample, report);
      }
      if (explain) {
        plans(serverLog, report);
      }
    } finally {
      if (pool != null) {
        pool.dispose();
      }
      DealBenchmark.deleteTree(work);
    }
    String text = String.join("\n", report) + "\n";
    System.out.print(text);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, text);
  }

  /**
   * What {@code /publish} did before it froze a version, until it took the versions from the
   * drafts' own read: the current version of every record behind the drafts, one look-up each, 8 in
   * flight — timed on a sample and extrapolated (kept for the before/after figures).
   */
  private static void lookups(
      Records store, List<Scorecard> cards, int sampleSize, List<String> report) {
    List<RecordKey> keys =
        cards.stream()
            .flatMap(s -> s.dimensions().stream())
            .flatMap(d -> d.records().stream())
            .distinct()
            .collect(Collectors.toCollection(ArrayList::new));
    Collections.shuffle(keys, new java.util.Random(14));
    List<RecordKey> sample = keys.subList(0, Math.min(sampleSize, keys.size()));
    long f0 = System.nanoTime();
    long found =
        Flux.fromIterable(sample).flatMap(store::current, 8).count().block(Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - f0) / 1e9;
    report.add(
        String.format(
            "one look-up per record behind the drafts (the old /publish): %,d keys; %,d looked up"
                + " (8 in flight) in %.2f s (%,.0f/s) → about %.0f s for all; load average %s",
            keys.size(),
            found,
            seconds,
            found / seconds,
            keys.size() / (found / seconds),
            BenchLoad.average()));
  }

  /**
   * With {@code --explain=true}: PostgreSQL with {@code auto_explain}, which logs the plan of every
   * statement of 500 ms or more with its row counts and buffers ({@code EXPLAIN (ANALYZE, BUFFERS)}
   * without per-node timing, to keep the overhead small) to {@code log}.
   */
  private static EmbeddedPostgres explaining(Path work, Path log) throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setPGStartupWait(Duration.ofSeconds(60))
        .setOverrideWorkingDirectory(work.toFile())
        .setServerConfig("shared_preload_libraries", "auto_explain")
        .setServerConfig("auto_explain.log_min_duration", "500ms")
        .setServerConfig("auto_explain.log_analyze", "on")
        .setServerConfig("auto_explain.log_buffers", "on")
        .setServerConfig("auto_explain.log_timing", "off")
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** The plans {@code auto_explain} logged, the last of each statement, as a report section. */
  private static void plans(Path log, List<String> report) throws java.io.IOException {
    Map<String, String> byQuery = new java.util.LinkedHashMap<>();
    StringBuilder plan = null;
    String query = null;
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    for (String line : lines) {
      boolean prefixed = line.matches("^\\d{4}-\\d{2}-\\d{2} .*");
      if (prefixed && plan != null) {
        byQuery.put(query == null ? line : query, plan.toString());
        plan = null;
        query = null;
      }
      if (line.contains("plan:")) {
        plan = new StringBuilder(line.substring(line.indexOf("duration:"))).append('\n');
      } else if (plan != null) {
        plan.append(line).append('\n');
        if (line.strip().startsWith("Query Text:")) {
          query = line.strip();
        }
      }
    }
    if (plan != null) {
      byQuery.put(query == null ? "" : query, plan.toString());
    }
    report.add("");
    report.add("plans of the statements of 500 ms or more (auto_explain, the last of each):");
    report.add("");
    report.add("```");
    byQuery.values().forEach(p -> report.add(p.stripTrailing()));
    report.add("```");
  }

  /** {@code reps} reps, {@code wecom:rep0000} …, in teams of {@value #TEAM_SIZE}. */
  static List<Team> teams(int reps) {
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t * TEAM_SIZE < reps; t++) {
      List<Member> members = new ArrayList<>();
      for (int r = t * TEAM_SIZE; r < Math.min(reps, (t + 1) * TEAM_SIZE); r++) {
        members.add(new Member(rep(r), "销售" + r));
      }
      String id = String.format("t%03d", t);
      teams.add(
          new Team(
              id,
              "销售" + t + "组",
              List.of("区" + t),
              Address.parse("wecom:boss" + t),
              "主管" + t,
              members));
    }
    return teams;
  }

  static Address rep(int r) {
    return Address.parse(String.format("wecom:rep%04d", r));
  }

  /**
   * The records of {@value #MONTHS} months from {@code first}: for record {@code g}, rep {@code g %
   * reps}, month {@code (g / reps) % 4}, slot {@code g / (reps × 4)} of {@value #PER_REP_MONTH}: 2
   * contracts, 3 payments (on the rep's contracts of the month before; the first month's on its
   * own), a new customer, 20 visits, 2 knowledge shares, 2 assists (the next rep's contract), 2
   * mentoring, a satisfaction score, 4 proposals and 13 first touches (metrics).
   */
  static void generate(String jdbc, int reps, YearMonth first) throws Exception {
    int perSlot = reps * MONTHS;
    String rep = "'wecom:rep' || lpad((g % " + reps + ")::text, 4, '0')";
    String month = "((g / " + reps + ") % " + MONTHS + ")";
    String slot = "(g / " + perSlot + ")";
    // a contract of rep r in month m, slot c (0 or 1)
    String contractOf = "'b-' || ((%s) * " + perSlot + " + (%s) * " + reps + " + (%s))::text";
    String ownEarlier =
        String.format(contractOf, "g % 2", "greatest(" + month + " - 1, 0)", "g % " + reps);
    String nextRep = String.format(contractOf, "g % 2", month, "(g + 1) % " + reps);
    String sql =
        "INSERT INTO record_versions (source, external_id, version, current, type, rep,"
            + " occurred_at, deleted, backfill, contract_ref, fields, status, reason_rules,"
            + " reason_details, received_at)"
            + " SELECT 'erp', 'b-' || g, 1, true, k.type, "
            + rep
            + ","
            + " timestamptz '"
            + first.atDay(1)
            + " 00:00:00+08' + make_interval(months => "
            + month
            + "::int) + make_interval(secs => (g * 7919) % (27 * 86400)),"
            + " false, false, k.contract_ref, k.fields, 'accepted', '{}', '{}', now()"
            + " FROM generate_series(0::bigint, "
            + (perSlot * PER_REP_MONTH - 1)
            + ") g"
            + " CROSS JOIN LATERAL (SELECT "
            + slot
            + " AS s) sl"
            + " CROSS JOIN LATERAL (SELECT"
            + "   CASE WHEN s < 2 THEN 'contract' WHEN s < 5 THEN 'payment'"
            + "        WHEN s < 6 THEN 'new_customer' WHEN s < 26 THEN 'visit'"
            + "        WHEN s < 28 THEN 'knowledge_share' WHEN s < 30 THEN 'assist'"
            + "        WHEN s < 32 THEN 'mentoring' WHEN s < 33 THEN 'satisfaction'"
            + "        ELSE 'metric' END AS type,"
            + "   CASE WHEN s BETWEEN 2 AND 4 THEN "
            + ownEarlier
            + "        WHEN s BETWEEN 28 AND 29 THEN "
            + nextRep
            + " END AS contract_ref,"
            + "   CASE WHEN s < 2 THEN jsonb_build_object('customer', '客户' || g,"
            + "          'amount', (50000 + (g * 37) % 250000)::text || '.00')"
            + "        WHEN s < 5 THEN jsonb_build_object('contract', "
            + ownEarlier
            + ","
            + "          'amount', (5000 + (g * 13) % 20000)::text || '.00')"
            + "        WHEN s < 6 THEN jsonb_build_object('customer', '客户' || g)"
            + "        WHEN s < 26 THEN jsonb_build_object('customer', '客户' || (g % 997),"
            + "          'duration', (20 + g % 60)::text)"
            + "        WHEN s < 28 THEN jsonb_build_object('title', '分享' || g)"
            + "        WHEN s < 30 THEN jsonb_build_object('contract', "
            + nextRep
            + ")"
            + "        WHEN s < 32 THEN jsonb_build_object('mentee', 'wecom:rep' ||"
            + "          lpad(((g + 7) % "
            + reps
            + ")::text, 4, '0'), 'hours', (1 + g % 4)::text)"
            + "        WHEN s < 33 THEN jsonb_build_object('customer', '客户' || (g % 997),"
            + "          'score', (3 + g % 3)::text)"
            + "        WHEN s < 37 THEN jsonb_build_object('dimension', 'proposals', 'value', '1')"
            + "        ELSE jsonb_build_object('dimension', 'follow-up', 'value',"
            + "          CASE WHEN g % 5 = 0 THEN '0' ELSE '1' END) END AS fields) k";
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
      s.execute("VACUUM ANALYZE record_versions");
    }
  }

  private static long count(String jdbc) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM record_versions")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Every rep scored once, ranks a permutation, composites not all equal. */
  private static String sanity(List<Scorecard> cards, int reps) {
    Set<Integer> ranks = cards.stream().map(Scorecard::companyRank).collect(Collectors.toSet());
    Set<Address> scored = new HashSet<>(cards.stream().map(Scorecard::rep).toList());
    long distinct = cards.stream().map(Scorecard::composite).distinct().count();
    boolean ok =
        cards.size() == reps && scored.size() == reps && ranks.size() == reps && distinct > 1;
    return String.format(
        "sanity check %s: %,d scorecards, %,d reps, %,d company ranks, %,d distinct composites"
            + " (best %s, worst %s)",
        ok ? "PASSED" : "FAILED",
        cards.size(),
        scored.size(),
        ranks.size(),
        distinct,
        cards.isEmpty() ? "-" : cards.get(0).composite(),
        cards.isEmpty() ? "-" : cards.get(cards.size() - 1).composite());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
