package io.salesbot.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.postgres.SchemaMigrator;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.redis.RedisStreamSettings;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.DealGenerator.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;
import redis.embedded.RedisServer;

/**
 * Deal reports and the stall scan at scale (issue 12). A report, not a test. Starts an embedded
 * PostgreSQL and Redis, then:
 *
 * <ol>
 *   <li><b>reports</b>: bulk-loads {@code --deals} deals of the seeded generator (300 reps, six
 *       months; {@link DealDataset}), checks the production reports show what was put in, and calls
 *       each report {@code --calls} times after {@code --warmup} untimed calls, one at a time,
 *       through the production {@code PostgresDealReports}, cycling over the teams;
 *   <li><b>stall scan</b>: loads {@code --scan-deals} deals that are all open, and times the daily
 *       digest of every team (the production {@code StallDigest}, fired 16 at a time as {@code
 *       FireTimers} fires a batch), median of {@code --scan-runs};
 *   <li><b>intake ack</b>: the production acknowledgement path of a lead ({@code SubmitLead} onto
 *       the Redis intake queue, PostgreSQL fallback) at {@code --ack-rate} per second, open loop,
 *       for {@code --ack-seconds} idle and again while scans run back to back in the same JVM.
 * </ol>
 *
 * <p>Options ({@code --name=value}): deals (100000), scan-deals (100000), reps (300), seed (12),
 * calls (200), warmup (50), scan-runs (3), ack-rate (200), ack-seconds (15), pool (20, the
 * server's), phases (reports,scan: either or both), out (benchmarks/target/deal-report.md).
 */
public final class DealBenchmark {
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private DealBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int deals = Integer.parseInt(o.getOrDefault("deals", "100000"));
    int scanDeals = Integer.parseInt(o.getOrDefault("scan-deals", "100000"));
    int reps = Integer.parseInt(o.getOrDefault("reps", "300"));
    long seed = Long.parseLong(o.getOrDefault("seed", "12"));
    int calls = Integer.parseInt(o.getOrDefault("calls", "200"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "50"));
    int scanRuns = Integer.parseInt(o.getOrDefault("scan-runs", "3"));
    int ackRate = Integer.parseInt(o.getOrDefault("ack-rate", "200"));
    int ackSeconds = Integer.parseInt(o.getOrDefault("ack-seconds", "15"));
    int poolSize = Integer.parseInt(o.getOrDefault("pool", "20"));
    Path out = Path.of(o.getOrDefault("out", "benchmarks/target/deal-report.md"));
    List<String> phases = List.of(o.getOrDefault("phases", "reports,scan").split(","));
    StageModel model = StageModel.defaults();
    DealReport report = new DealReport();

    Path work = Files.createTempDirectory("salesbot-deal-bench-");
    int redisPort = freePort();
    RedisServer redisServer =
        RedisServer.newRedisServer()
            .port(redisPort)
            .setting("appendonly no")
            .setting("save \"\"")
            .build();
    redisServer.start();
    RedisClient redisClient = null;
    RedisAdapter redis = null;
    ConnectionPool pool = null;
    try (EmbeddedPostgres pg = postgres(work)) {
      String jdbc = pg.getJdbcUrl("postgres", "postgres");
      SchemaMigrator.migrate(jdbc, "postgres", "");
      pool = pool(pg.getPort(), poolSize);
      PostgresAdapter adapter = new PostgresAdapter(pool);

      // 1. reports over the generator's deals
      Settings settings = Settings.defaults(seed).withScale(reps, deals);
      if (phases.contains("reports")) {
        report.load("reports", DealDataset.load(jdbc, settings, model));
        report.line("load average after loading: " + BenchLoad.average());
        DealChecks.check(adapter, report, model);
        List<Team> teams = report.loaded("reports").figures().teams();
        ReportPeriod last30 = ReportPeriod.lastDays(30, NOW);
        ReportPeriod whole = ReportPeriod.lastDays(180, NOW); // the generator's six months
        report.line("load average before the report calls: " + BenchLoad.average());
        timeReport(
            report,
            "/funnel (last 30 days, the default)",
            teams,
            warmup,
            calls,
            t ->
                adapter
                    .dealReports()
                    .funnel(query(t, last30, model), model.stages().size())
                    .then());
        timeReport(
            report,
            "/funnel (all 180 days)",
            teams,
            warmup,
            calls,
            t ->
                adapter.dealReports().funnel(query(t, whole, model), model.stages().size()).then());
        timeReport(
            report,
            "kpis() once (last 30 days)",
            teams,
            warmup,
            calls,
            t -> adapter.dealReports().kpis(query(t, last30, model)).then());
        timeReport(
            report,
            "/kpi (last 30 days, the 30 before and its 5 weeks: one kpis() call)",
            teams,
            warmup,
            calls,
            t -> DealScan.kpiCommandReads(adapter.dealReports(), query(t, last30, model)));
        timeReport(
            report,
            "kpis() once (all 180 days)",
            teams,
            warmup,
            calls,
            t -> adapter.dealReports().kpis(query(t, whole, model)).then());
        timeReport(
            report,
            "/stalled (limit 20)",
            teams,
            warmup,
            calls,
            t -> adapter.dealReports().stalled(query(t, last30, model), 20).then());
        timeReport(
            report,
            "/skips (last 30 days, limit 20)",
            teams,
            warmup,
            calls,
            t -> adapter.dealReports().skips(query(t, last30, model), 20).then());
        report.line("load average after the report calls: " + BenchLoad.average());
      }

      // 2. the stall scan over open deals, and the intake acknowledgement during it
      if (phases.contains("scan")) {
        DealDataset.truncate(jdbc);
        Settings open =
            new Settings(
                seed + 1,
                reps,
                settings.teamSize(),
                scanDeals,
                settings.months(),
                settings.end(),
                0.25,
                0.0,
                settings.eastSkip(),
                settings.otherSkip(),
                settings.eastBack(),
                settings.otherBack(),
                settings.concurrency());
        report.load("stall scan", DealDataset.load(jdbc, open, model));
        redisClient =
            RedisAdapter.createClient(
                RedisURI.create("redis://127.0.0.1:" + redisPort), RedisStreamSettings.defaults());
        redis = new RedisAdapter(redisClient, RedisStreamSettings.defaults());
        DealScan scan = new DealScan(adapter, report.loaded("stall scan").figures(), model);
        DealScan.Intake intake =
            new DealScan.Intake(redis.inboundQueue(), adapter.intakeFallback());
        report.line("load average before the scan: " + BenchLoad.average());
        scan.run(report, scanRuns, intake, ackRate, ackSeconds);
        report.line("load average after the scan: " + BenchLoad.average());
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
      if (redisClient != null) {
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      if (pool != null) {
        pool.disposeLater().block(Duration.ofSeconds(10));
      }
      redisServer.stop();
      deleteTree(work); // the PostgreSQL binaries and data (hundreds of MB after a full run)
    }
    String text = report.render(deals, scanDeals, calls, warmup, poolSize);
    System.out.println(text);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, text);
    System.exit(0); // Lettuce and Reactor threads would keep the JVM up a while
  }

  static ReportQuery query(Team team, ReportPeriod period, StageModel model) {
    return new ReportQuery(
        team.id(),
        period.from(),
        period.to(),
        NOW,
        ReportQuery.stalledAfter(model),
        Duration.ofHours(24));
  }

  private static void timeReport(
      DealReport report,
      String name,
      List<Team> teams,
      int warmup,
      int calls,
      java.util.function.Function<Team, Mono<Void>> call) {
    IntFunction<Mono<Void>> nth = i -> call.apply(teams.get(i % teams.size()));
    for (int i = 0; i < warmup; i++) {
      nth.apply(i).block(Duration.ofMinutes(2));
    }
    List<Long> nanos = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      nth.apply(i).block(Duration.ofMinutes(2));
      nanos.add(System.nanoTime() - t0);
    }
    report.timings(name, nanos);
  }

  /** An embedded PostgreSQL (zonky, default settings) with its data in {@code work}. */
  static EmbeddedPostgres postgres(Path work) throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setPGStartupWait(Duration.ofSeconds(60))
        .setOverrideWorkingDirectory(work.toFile())
        .start();
  }

  static ConnectionPool pool(int port, int max) {
    PostgresqlConnectionFactory factory =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .port(port)
                .username("postgres")
                .database("postgres")
                .build());
    return new ConnectionPool(
        ConnectionPoolConfiguration.builder(factory).initialSize(4).maxSize(max).build());
  }

  static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("[deal-bench] could not delete " + root + ": " + e);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, not " + a);
      }
      o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return o;
  }
}
