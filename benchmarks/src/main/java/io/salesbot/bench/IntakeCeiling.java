package io.salesbot.bench;

import io.salesbot.bench.DrainCheck.LeadState;
import io.salesbot.bench.DrainCheck.Sweep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closed-loop load on {@code POST /api/v1/leads}, as fast as the server answers: {@code
 * --connections} requests in flight, each connection sending its next lead when the previous one is
 * answered (what {@code wrk -t1 -c32} does), every lead distinct and signed. A report, not a test.
 *
 * <ul>
 *   <li><b>ceiling</b> ({@code --seconds}): how many requests a second the server acknowledges, and
 *       their latency; run against salesbot and against the bare WebFlux yardstick ({@code
 *       benchmarks/bare-webflux}) by {@code scripts/bench.sh --vs-bare}, which compares the two.
 *   <li><b>drain</b> ({@code --leads=N}): submits N leads as fast as they are taken, then waits
 *       until every one is routed (admin API) and reports the pipeline's drain rate from the
 *       server's own {@code routed} audit times ({@code scripts/bench.sh --drain=N}).
 * </ul>
 *
 * <p>Writes a Markdown section to {@code --report} (appended) and one tab-separated result line to
 * {@code --result} ({@code label, req/s, p50 ms, p99 ms, drain leads/s, server CPU ms per 202}).
 * Exit status: 0 when it ran; 1 when the server could not be reached; 2 for bad arguments.
 */
public final class IntakeCeiling {
  private final Map<String, String> args;
  private final ObjectMapper json = JsonMapper.builder().build();

  private IntakeCeiling(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) {
    BenchSupport.main("IntakeCeiling", argv, options -> new IntakeCeiling(options).run());
  }

  private int run() throws InterruptedException, IOException {
    Map<String, String> a = new LinkedHashMap<>(args);
    String label = BenchSupport.text(a, "label", "salesbot");
    int connections = BenchSupport.number(a, "connections", 32, 1, 1_024);
    int seconds = BenchSupport.number(a, "seconds", 30, 1, 600);
    int warmup = BenchSupport.number(a, "warmup-seconds", 10, 0, 600);
    int leads = BenchSupport.number(a, "leads", 0, 0, (int) BenchOptions.MAX_REQUESTS);
    int hotBehind = BenchSupport.number(a, "hot-behind", 0, 0, (int) BenchOptions.MAX_REQUESTS);
    long offset = BenchSupport.number(a, "offset", 0, 0, Integer.MAX_VALUE);
    Path report = Path.of(BenchSupport.text(a, "report", "benchmarks/target/ceiling-report.md"));
    Path result = Path.of(BenchSupport.text(a, "result", "benchmarks/target/ceiling-results.tsv"));
    // What is left (base-url, source, secret, admin-token, drain-timeout, ...) is the intake
    // benchmark's own options, for the drain check.
    List<String> rest = new ArrayList<>();
    a.forEach((k, v) -> rest.add("--" + k + "=" + v));
    BenchOptions options = BenchOptions.parse(rest.toArray(String[]::new));

    ConnectionProvider pool =
        BenchSupport.pool("ceiling", connections, options.responseTimeoutSeconds());
    HttpClient http =
        BenchSupport.client(pool, options.baseUrl(), options.responseTimeoutSeconds());
    if (!BenchSupport.healthy(http)) {
      System.err.println("IntakeCeiling: " + options.baseUrl() + " is not UP");
      return 1;
    }
    if (hotBehind > 0) {
      return hotLead(label, connections, hotBehind, offset, options, http, report, pool);
    }
    Sender sender = new Sender(http, options, json, offset);
    String loadBefore = Report.loadAverage();
    if (warmup > 0) {
      System.err.printf(Locale.ROOT, "IntakeCeiling: %s warm-up, %d s%n", label, warmup);
      sender.run(connections, Duration.ofSeconds(warmup), 0);
    }
    CpuMeter cpu = new CpuMeter(options.serverPid(), redisPid());
    CpuMeter.Sample cpuBefore = cpu.sample();
    Sender.Run measured =
        leads > 0
            ? sender.run(connections, Duration.ofSeconds(BenchOptions.MAX_REQUESTS), leads)
            : sender.run(connections, Duration.ofSeconds(seconds), 0);
    CpuMeter.Sample cpuAfter = cpu.sample();
    String loadAfter = Report.loadAverage();
    double cpuPerAck = CpuMeter.serverMillisPer(cpuBefore, cpuAfter, measured.ok());
    long[] sorted = Report.sorted(measured.latencies());
    double perSecond = measured.ok() / (measured.nanos() / 1e9);

    Report r = new Report();
    r.line(
        "## %s: closed loop, %d connections%s",
        label, connections, leads > 0 ? ", " + leads + " leads" : "");
    r.line("");
    r.line("- server: %s; machine: %s", options.baseUrl(), Report.machine());
    r.line("- load average: %s before, %s after", loadBefore, loadAfter);
    r.line(
        "- %s: %,d answered 202 in %s (after a %d s warm-up): **%,.0f req/s**; other statuses %s;"
            + " errors %,d",
        leads > 0 ? "submitted" : "measured",
        measured.ok(),
        Report.seconds(measured.nanos() / 1_000),
        warmup,
        perSecond,
        measured.statuses(),
        measured.errors());
    r.line(
        "- latency (send → answer): p50 %s ms, p90 %s ms, p99 %s ms, max %s ms",
        Report.ms(Report.percentile(sorted, 0.50)),
        Report.ms(Report.percentile(sorted, 0.90)),
        Report.ms(Report.percentile(sorted, 0.99)),
        Report.ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1]));
    r.line("- CPU while measured: %s", CpuMeter.describe(cpuBefore, cpuAfter));
    r.line(
        "- server JVM CPU per 202: **%s ms** (its user + system time over the answers; less"
            + " sensitive to a busy machine than req/s)",
        cpuPerAck < 0 ? "unknown" : String.format(Locale.ROOT, "%.3f", cpuPerAck));
    double redisPerAck = CpuMeter.redisMillisPer(cpuBefore, cpuAfter, measured.ok());
    if (redisPerAck >= 0 && cpuPerAck >= 0) {
      r.line(
          "- Redis server CPU per 202: %.3f ms; server JVM + Redis: **%.3f ms** per 202",
          redisPerAck, cpuPerAck + redisPerAck);
    }
    double drainRate = -1;
    if (leads > 0) {
      drainRate = drain(r, http, options, sender, measured);
    }
    r.line("");
    String text = r.toString();
    System.out.print(text);
    System.out.flush();
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(
        report, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Files.writeString(
        result,
        String.format(
            Locale.ROOT,
            "%s\t%.0f\t%s\t%s\t%.0f\t%.3f%n",
            label,
            perSecond,
            Report.ms(Report.percentile(sorted, 0.50)),
            Report.ms(Report.percentile(sorted, 0.99)),
            drainRate,
            cpuPerAck),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    pool.disposeLater().block(Duration.ofSeconds(5));
    return 0;
  }

  /**
   * The Redis server's process id from the file named by the system property {@code
   * bench.redis-pid-file} (scripts/bench.sh passes the embedded Redis' pid file); 0 when not given
   * or not readable (the bare app has no Redis).
   */
  private static long redisPid() {
    String file = System.getProperty("bench.redis-pid-file", "");
    if (file.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readString(Path.of(file)).trim());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * {@code --hot-behind=N}: N normal leads (no phone) as fast as they are taken, then at once one
   * hot lead (with a phone, from the demo's high-intent source: the hot lane); reports how long
   * after its 202 the hot lead was routed (its cards on the outbox; the server's {@code routed}
   * audit time) with the normal backlog still waiting then, and checks that no lead was lost.
   */
  private int hotLead(
      String label,
      int connections,
      int behind,
      long offset,
      BenchOptions options,
      HttpClient http,
      Path report,
      ConnectionProvider pool)
      throws InterruptedException, IOException {
    Sender normal = new Sender(http, options, json, offset, false);
    String loadBefore = Report.loadAverage();
    Sender.Run backlog =
        normal.run(connections, Duration.ofSeconds(BenchOptions.MAX_REQUESTS), behind);
    Sender hot = new Sender(http, options, json, offset + 500_000_000L, true);
    hot.run(1, Duration.ofSeconds(BenchOptions.MAX_REQUESTS), 1);
    DrainCheck check = new DrainCheck(http, options, json);
    long waiting = -1;
    try {
      waiting =
          check.scrape().entrySet().stream()
              .filter(e -> e.getKey().endsWith(":in:normal"))
              .mapToLong(e -> e.getValue().length())
              .sum();
    } catch (RuntimeException e) {
      System.err.println("IntakeCeiling: could not read the lane gauges: " + e);
    }
    Instant deadline = Instant.now().plusSeconds(options.drainTimeoutSeconds());
    Sweep hotSweep = check.sweep(hot.accepted.keySet(), deadline);
    Report r = new Report();
    r.line(
        "## %s: a hot lead behind %,d normal leads (%d connections)", label, behind, connections);
    r.line("");
    r.line("- server: %s; machine: %s", options.baseUrl(), Report.machine());
    r.line(
        "- normal leads: %,d answered 202 in %s (%,.0f req/s); other statuses %s, errors %,d;"
            + " load average before: %s",
        backlog.ok(),
        Report.seconds(backlog.nanos() / 1_000),
        backlog.ok() / (backlog.nanos() / 1e9),
        backlog.statuses(),
        backlog.errors(),
        loadBefore);
    long hotRoutedAt = -1;
    if (hot.accepted.isEmpty()) {
      r.line("- **the hot lead was not accepted**");
    } else {
      var e = hot.accepted.entrySet().iterator().next();
      LeadState state = hotSweep.done().get(e.getKey());
      hotRoutedAt = state == null ? -1 : state.processedAtMicros();
      r.line(
          "- **hot lead routed %s after its 202** (its cards on the outbox; the server's routed"
              + " audit time); the normal lane's length by the gauge (refreshed every %d s) just"
              + " after: %,d",
          hotRoutedAt <= 0
              ? "NOT within the drain timeout"
              : String.format(Locale.ROOT, "%,.0f ms", (hotRoutedAt - e.getValue()) / 1e3),
          DrainCheck.GAUGE_PERIOD.toSeconds(),
          waiting);
    }
    drain(r, http, options, normal, backlog, hotRoutedAt);
    r.line("");
    String text = r.toString();
    System.out.print(text);
    System.out.flush();
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(
        report, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    pool.disposeLater().block(Duration.ofSeconds(5));
    return 0;
  }

  /**
   * Waits for every accepted lead to be routed; reports the drain rates and returns the pipeline's.
   */
  private double drain(
      Report r, HttpClient http, BenchOptions options, Sender sender, Sender.Run run)
      throws InterruptedException {
    return drain(r, http, options, sender, run, -1);
  }

  /** As above; when {@code markMicros > 0}, also says how many leads were routed after it. */
  private double drain(
      Report r,
      HttpClient http,
      BenchOptions options,
      Sender sender,
      Sender.Run run,
      long markMicros)
      throws InterruptedException {
    System.err.printf(
        Locale.ROOT,
        "IntakeCeiling: %,d leads accepted; waiting for the pipeline to route them%n",
        sender.accepted.size());
    DrainCheck check = new DrainCheck(http, options, json);
    Instant deadline = Instant.now().plusSeconds(options.drainTimeoutSeconds());
    DrainCheck.QueueWait lanes = check.awaitEmptyLanes(deadline);
    // scripts/bench.sh stops its drain profile on this line, before the leads are read back.
    System.err.printf(Locale.ROOT, "IntakeCeiling: the lanes are empty; reading every lead back%n");
    Sweep sweep = check.sweep(sender.accepted.keySet(), deadline);
    long[] routedAt =
        Report.sorted(
            sweep.done().values().stream()
                .mapToLong(LeadState::processedAtMicros)
                .filter(t -> t > 0)
                .toArray());
    long lost = sender.accepted.size() - sweep.done().size();
    long firstAccepted =
        sender.accepted.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long lastAccepted =
        sender.accepted.values().stream().mapToLong(Long::longValue).max().orElse(0);
    double pipeline = -1;
    if (routedAt.length > 1) {
      long first = routedAt[0];
      long last = routedAt[routedAt.length - 1];
      pipeline = (routedAt.length - 1) / Math.max(1e-6, (last - first) / 1e6);
      double endToEnd = routedAt.length / Math.max(1e-6, (last - firstAccepted) / 1e6);
      long afterLoad = java.util.Arrays.stream(routedAt).filter(t -> t > lastAccepted).count();
      r.line(
          "- **drain: %,.0f leads/s** (server `routed` audit times, first → last routed lead, %,d"
              + " leads in %s); end to end, first 202 → last routed: %,.0f leads/s; after the last"
              + " 202 (the backlog alone, intake quiet): %,d leads routed in %s = **%,.0f leads/s**;"
              + " peak in one second: %,d leads/s",
          pipeline,
          routedAt.length,
          Report.seconds(last - first),
          endToEnd,
          afterLoad,
          Report.seconds(Math.max(0, last - lastAccepted)),
          afterLoad / Math.max(1e-6, (last - lastAccepted) / 1e6),
          Report.peakPerSecond(routedAt));
    }
    if (markMicros > 0) {
      long behind = java.util.Arrays.stream(routedAt).filter(t -> t > markMicros).count();
      r.line(
          "- normal leads routed after the hot lead (the backlog it overtook): %,d of %,d",
          behind, routedAt.length);
    }
    r.line(
        "- lanes empty by the gauges: %s; **leads lost: %,d**; dead letters %s",
        lanes.drained() ? "yes" : "NOT within the drain timeout", lost, safeDeadLetters(check));
    return pipeline;
  }

  private static String safeDeadLetters(DrainCheck check) {
    try {
      return Integer.toString(check.deadLetters());
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  /** Keeps {@code connections} requests in flight. */
  static final class Sender {
    private final HttpClient http;
    private final BenchOptions options;
    private final BenchSupport.Signer signer;
    private final ObjectMapper json;
    private final AtomicLong counter;

    /** Accepted intake ids, with the epoch µs their 202 arrived. */
    final Map<String, Long> accepted = new ConcurrentHashMap<>();

    /** Whether the leads carry a phone (hot from the demo's high-intent source) or not (normal). */
    private final boolean withPhone;

    Sender(HttpClient http, BenchOptions options, ObjectMapper json, long offset) {
      this(http, options, json, offset, true);
    }

    Sender(HttpClient http, BenchOptions options, ObjectMapper json, long offset, boolean phone) {
      this.http = http;
      this.options = options;
      this.signer = new BenchSupport.Signer(options.source(), options.secret());
      this.json = json;
      this.counter = new AtomicLong(offset);
      this.withPhone = phone;
    }

    record Run(long ok, long errors, Map<Integer, Long> statuses, long nanos, long[] latencies) {}

    /** For {@code length}, or until {@code total} requests were sent when above 0. */
    Run run(int connections, Duration length, long total) {
      long start = System.nanoTime();
      long until = start + length.toNanos();
      AtomicLong sent = new AtomicLong();
      LongAdder ok = new LongAdder();
      LongAdder errors = new LongAdder();
      Map<Integer, Long> statuses = new ConcurrentHashMap<>();
      long[][] lat = new long[connections][];
      int[] counts = new int[connections];
      Flux.range(0, connections)
          .flatMap(
              c -> {
                lat[c] = new long[1024];
                return Mono.defer(
                        () -> {
                          if (System.nanoTime() >= until
                              || (total > 0 && sent.incrementAndGet() > total)) {
                            return Mono.just(false);
                          }
                          long t0 = System.nanoTime();
                          return one()
                              .map(
                                  status -> {
                                    long took = System.nanoTime() - t0;
                                    if (status == 202) {
                                      ok.increment();
                                      if (counts[c] == lat[c].length) {
                                        lat[c] = java.util.Arrays.copyOf(lat[c], counts[c] * 2);
                                      }
                                      lat[c][counts[c]++] = took;
                                    } else {
                                      statuses.merge(status, 1L, Long::sum);
                                    }
                                    return true;
                                  })
                              .onErrorResume(
                                  e -> {
                                    errors.increment();
                                    return Mono.just(true);
                                  });
                        })
                    .repeat()
                    .takeWhile(Boolean::booleanValue)
                    .then();
              },
              connections)
          .blockLast();
      long nanos = System.nanoTime() - start;
      int n = 0;
      for (int c = 0; c < connections; c++) {
        n += counts[c];
      }
      long[] all = new long[n];
      int i = 0;
      for (int c = 0; c < connections; c++) {
        System.arraycopy(lat[c], 0, all, i, counts[c]);
        i += counts[c];
      }
      return new Run(ok.sum(), errors.sum(), Map.copyOf(statuses), nanos, all);
    }

    private Mono<Integer> one() {
      byte[] body = LoadGenerator.leadBody(json, counter.getAndIncrement(), withPhone);
      return signer
          .sign(body)
          .post(http, "/api/v1/leads")
          .responseSingle(
              (response, content) ->
                  content
                      .asString()
                      .defaultIfEmpty("")
                      .map(
                          text -> {
                            int status = response.status().code();
                            if (status == 202) {
                              JsonNode id = json.readTree(text).get("intakeId");
                              if (id != null) {
                                accepted.put(id.asString(), Clocks.epochMicros(Instant.now()));
                              }
                            }
                            return status;
                          }))
          .timeout(Duration.ofSeconds(options.responseTimeoutSeconds() + 5L));
    }
  }
}
