package io.salesbot.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Record ingest through the signed {@code POST /api/v1/records} (issue 14: ≥ 2,000 records/s):
 * closed loop, {@code --connections} batches of {@code --batch} records in flight (each connection
 * sends its next batch when the previous one is answered), a warm-up, then the measured phase. The
 * feed is {@link RecordBatches}. At the end the rows in PostgreSQL are checked against the answers:
 * every record answered as stored is stored exactly once. A report, not a test.
 *
 * <p>Exit status: 0 when it ran; 1 when the server could not be reached; 2 for bad arguments.
 */
public final class RecordBenchmark {
  static final double TARGET_PER_S = 2_000;

  private final ObjectMapper json = JsonMapper.builder().build();

  public static void main(String[] argv) {
    BenchSupport.main("RecordBenchmark", argv, options -> new RecordBenchmark().run(options));
  }

  /** What the answers of a phase said. */
  static final class Tally {
    final AtomicLong batches = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    final Map<String, AtomicLong> outcomes = new TreeMap<>();

    /** Answers that stored a version: accepted (not unchanged), corrected, quarantined. */
    final AtomicLong stored = new AtomicLong();

    long[] latencies = new long[256];
    int count;

    synchronized void answer(long nanos, JsonNode results) {
      batches.incrementAndGet();
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
      for (JsonNode r : results) {
        String status = r.path("status").asString("?");
        outcomes.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        boolean unchanged = r.path("unchanged").asBoolean(false);
        if (!unchanged && List.of("accepted", "corrected", "quarantined").contains(status)) {
          stored.incrementAndGet();
        }
      }
    }

    synchronized long answered() {
      return outcomes.entrySet().stream()
          .filter(e -> !e.getKey().equals("failed"))
          .mapToLong(e -> e.getValue().get())
          .sum();
    }

    synchronized long of(String status) {
      AtomicLong n = outcomes.get(status);
      return n == null ? 0 : n.get();
    }
  }

  private int run(Map<String, String> a) throws InterruptedException, IOException, SQLException {
    URI base = URI.create(BenchSupport.text(a, "base-url", "http://127.0.0.1:8080"));
    BenchSupport.requireLoopback(base);
    String source = BenchSupport.text(a, "source", "erp");
    BenchSupport.Signer signer =
        new BenchSupport.Signer(source, BenchSupport.text(a, "secret", "bench-erp-secret"));
    long serverPid = BenchSupport.number(a, "server-pid", 0, 0, Integer.MAX_VALUE);
    int connections = BenchSupport.number(a, "connections", 4, 1, 64);
    int batch = BenchSupport.number(a, "batch", 1000, 1, 1000);
    int warmup = BenchSupport.number(a, "warmup-seconds", 10, 0, 600);
    int seconds = BenchSupport.number(a, "seconds", 60, 1, 600);
    int timeout = BenchSupport.number(a, "response-timeout", 60, 1, 600);
    int seed = BenchSupport.number(a, "seed", 14, 0, Integer.MAX_VALUE);
    List<String> reps =
        List.of(
            BenchSupport.text(
                    a,
                    "reps",
                    "sandbox:zhangsan,sandbox:lisi,sandbox:wangwu,sandbox:chenqi,sandbox:zhoujiu,"
                        + "sandbox:wushi")
                .split(","));
    String dbUrl = BenchSupport.text(a, "db-url", "");
    String dbPasswordFile = BenchSupport.text(a, "db-password-file", "");
    Path report = Path.of(BenchSupport.text(a, "report", "benchmarks/target/records-report.md"));
    if (!a.isEmpty()) {
      throw new IllegalArgumentException("unknown options: " + a.keySet());
    }

    ConnectionProvider pool = BenchSupport.pool("records", connections, timeout);
    HttpClient http = BenchSupport.client(pool, base, timeout);
    if (!BenchSupport.healthy(http)) {
      System.err.println("RecordBenchmark: " + base + " is not UP");
      return 1;
    }
    RecordBatches feed = new RecordBatches(reps, seed);
    Tally warm = new Tally();
    String loadBefore = Report.loadAverage();
    if (warmup > 0) {
      System.err.printf(Locale.ROOT, "RecordBenchmark: warm-up, %d s%n", warmup);
      phase(http, signer, feed, connections, batch, Duration.ofSeconds(warmup), warm);
    }
    String loadWarm = Report.loadAverage();
    System.err.printf(Locale.ROOT, "RecordBenchmark: measuring, %d s%n", seconds);
    CpuMeter cpu = new CpuMeter(serverPid);
    CpuMeter.Sample c0 = cpu.sample();
    Tally measured = new Tally();
    long nanos =
        phase(http, signer, feed, connections, batch, Duration.ofSeconds(seconds), measured);
    CpuMeter.Sample c1 = cpu.sample();
    String loadAfter = Report.loadAverage();
    pool.disposeLater().block(Duration.ofSeconds(5));

    long[] sorted = Report.sorted(Arrays.copyOf(measured.latencies, measured.count));
    double perSecond = measured.answered() / (nanos / 1e9);
    double storedPerSecond =
        (measured.of("accepted") + measured.of("corrected") + measured.of("quarantined"))
            / (nanos / 1e9);
    Report r = new Report();
    r.line("# Record ingest, %s", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    r.line("");
    r.line("- server: %s, source `%s`; machine: %s", base, source, Report.machine());
    r.line(
        "- load: closed loop, %d connections, batches of %,d records (`{\"records\":[...]}`),"
            + " %d s warm-up then %d s measured",
        connections, batch, warmup, seconds);
    r.line(
        "- load average (1 min): %s before, %s after the warm-up, %s after",
        loadBefore, loadWarm, loadAfter);
    r.line("");
    r.line(
        "| phase | batches | records answered | records/s answered | stored (accepted +"
            + " corrected + quarantined)/s | failed requests | p50 ms | p90 ms | p99 ms | max ms |");
    r.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    r.line(
        "| measured | %,d | %,d | **%,.0f** | %,.0f | %,d | %s | %s | %s | %s |",
        measured.batches.get(),
        measured.answered(),
        perSecond,
        storedPerSecond,
        measured.failedRequests.get(),
        Report.ms(Report.percentile(sorted, 0.50)),
        Report.ms(Report.percentile(sorted, 0.90)),
        Report.ms(Report.percentile(sorted, 0.99)),
        Report.ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1]));
    r.line("");
    r.line("- per-record outcomes (measured): %s", measured.outcomes);
    r.line(
        "- warm-up: %,d batches answered, %,d requests without an answer; outcomes %s",
        warm.batches.get(), warm.failedRequests.get(), warm.outcomes);
    r.line("- CPU while measured: %s", CpuMeter.describe(c0, c1));
    r.line("- server memory at the end: %s", memory(serverPid));
    r.line(
        "- **target ≥ %,.0f records/s: %s** (%,.0f records/s answered; batch latency p99 %s ms)",
        TARGET_PER_S,
        Report.verdict(perSecond >= TARGET_PER_S),
        perSecond,
        Report.ms(Report.percentile(sorted, 0.99)));
    r.line("- stored exactly once: %s", check(dbUrl, dbPasswordFile, source, warm, measured));
    r.line("");
    String text = r.toString();
    System.out.print(text);
    System.out.flush();
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, text, StandardCharsets.UTF_8);
    return 0;
  }

  /** Runs one phase for {@code length}; answers how long it took until the last answer. */
  private long phase(
      HttpClient http,
      BenchSupport.Signer signer,
      RecordBatches feed,
      int connections,
      int size,
      Duration length,
      Tally tally) {
    long start = System.nanoTime();
    long until = start + length.toNanos();
    Flux.range(0, connections)
        .flatMap(
            c ->
                Mono.defer(
                        () -> {
                          if (System.nanoTime() >= until) {
                            return Mono.just(false);
                          }
                          RecordBatches.Batch b = feed.next(size, Instant.now());
                          return send(http, signer, feed, b, tally).thenReturn(true);
                        })
                    .repeat()
                    .takeWhile(Boolean::booleanValue)
                    .then(),
            connections)
        .blockLast();
    return System.nanoTime() - start;
  }

  private Mono<Void> send(
      HttpClient http,
      BenchSupport.Signer signer,
      RecordBatches feed,
      RecordBatches.Batch b,
      Tally tally) {
    BenchSupport.Signed signed = signer.sign(b.body());
    long t0 = System.nanoTime();
    return signed
        .post(http, "/api/v1/records")
        .responseSingle(
            (response, content) ->
                content
                    .asString()
                    .defaultIfEmpty("")
                    .map(
                        text -> {
                          if (response.status().code() != 200) {
                            System.err.printf(
                                Locale.ROOT,
                                "RecordBenchmark: HTTP %d: %.300s%n",
                                response.status().code(),
                                text);
                            tally.failedRequests.incrementAndGet();
                            return text;
                          }
                          tally.answer(System.nanoTime() - t0, json.readTree(text).path("results"));
                          feed.answered(b);
                          return text;
                        }))
        .onErrorResume(
            e -> {
              System.err.println("RecordBenchmark: request failed: " + e);
              tally.failedRequests.incrementAndGet();
              return Mono.just("");
            })
        .then();
  }

  /**
   * Rows in PostgreSQL against the answers: one {@code record_versions} row per answer that stored
   * a version, one current row per record, no key twice in one version.
   */
  private static String check(
      String url, String passwordFile, String source, Tally warm, Tally measured)
      throws IOException, SQLException {
    if (url.isEmpty()) {
      return "not checked (no --db-url)";
    }
    String password = passwordFile.isEmpty() ? "" : Files.readString(Path.of(passwordFile)).strip();
    long expected = warm.stored.get() + measured.stored.get();
    try (Connection c = DriverManager.getConnection(url, "postgres", password);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE current),"
                    + " count(DISTINCT external_id), count(DISTINCT (external_id, version))"
                    + " FROM record_versions WHERE source = '"
                    + source.replace("'", "''")
                    + "'")) {
      rs.next();
      long rows = rs.getLong(1);
      long current = rs.getLong(2);
      long records = rs.getLong(3);
      long versions = rs.getLong(4);
      long unanswered = warm.failedRequests.get() + measured.failedRequests.get();
      boolean ok = rows == expected && current == records && versions == rows;
      String verdict = ok ? "yes" : "NO";
      if (unanswered > 0) {
        // a request that timed out may still have been stored: only a lower bound holds then
        ok = rows >= expected && current == records && versions == rows;
        verdict =
            (ok ? "as far as can be told" : "NO")
                + " ("
                + unanswered
                + " requests got no answer; their records may be stored)";
      }
      return String.format(
          Locale.ROOT,
          "**%s** — %,d answers stored a version (warm-up and measured); `record_versions` holds"
              + " %,d rows (%,d distinct versions) of %,d records, %,d of them current",
          verdict,
          expected,
          rows,
          versions,
          records,
          current);
    }
  }

  private static String memory(long pid) {
    if (pid <= 0) {
      return "unknown (no --server-pid)";
    }
    try {
      StringBuilder out = new StringBuilder();
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
          out.append(out.isEmpty() ? "" : ", ").append(line.replaceAll("\\s+", " "));
        }
      }
      return out.toString();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
