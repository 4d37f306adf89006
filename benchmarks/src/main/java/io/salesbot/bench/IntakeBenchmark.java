package io.salesbot.bench;

import io.salesbot.bench.DrainCheck.LeadState;
import io.salesbot.bench.DrainCheck.QueueWait;
import io.salesbot.bench.DrainCheck.StreamGauge;
import io.salesbot.bench.DrainCheck.Sweep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load benchmark of the lead intake ({@code POST /api/v1/leads}) against a running salesbot: a
 * report, not a test. Run it with {@code scripts/bench.sh}, which builds, starts {@code
 * bot-server.jar} on a free loopback port with fresh embedded PostgreSQL and Redis, and runs this.
 *
 * <p>Phases: a steady rate, then a spike at a multiple of it; open loop, latencies from each
 * request's scheduled time. Then drain and loss: every accepted lead is read back through the admin
 * API until it is routed (POOLED or CLAIMED). Prints a Markdown report and writes it to {@code
 * --report}.
 *
 * <p>Exit status: 0 when the benchmark ran, whatever the figures; 1 when the server could not be
 * reached or read back; 2 for bad arguments.
 */
public final class IntakeBenchmark {
  private final BenchOptions options;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final Clocks clocks = new Clocks();

  private IntakeBenchmark(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("IntakeBenchmark: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = new IntakeBenchmark(options).run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (RuntimeException | IOException e) {
      System.err.println("IntakeBenchmark failed: " + e);
      code = 1;
    }
    System.exit(code);
  }

  private int run() throws InterruptedException, IOException {
    ConnectionProvider pool =
        BenchSupport.pool("bench", options.maxConnections(), options.responseTimeoutSeconds());
    HttpClient http =
        BenchSupport.client(pool, options.baseUrl(), options.responseTimeoutSeconds());
    if (!BenchSupport.healthy(http)) {
      System.err.println(
          "IntakeBenchmark: "
              + options.baseUrl()
              + "/actuator/health is not UP; is salesbot running?");
      return 1;
    }

    List<LoadPhase> phases = new ArrayList<>();
    if (options.warmupSeconds() > 0) {
      phases.add(new LoadPhase("warm-up", options.rate(), options.warmupSeconds()));
    }
    phases.add(new LoadPhase("steady", options.rate(), options.seconds()));
    if (options.spikeSeconds() > 0) {
      phases.add(
          new LoadPhase(
              "spike ×" + options.spikeFactor(), options.spikeRate(), options.spikeSeconds()));
    }
    LoadGenerator generator = new LoadGenerator(http, options, json, clocks);
    String loadBefore = Report.loadAverage();
    System.err.printf(
        Locale.ROOT,
        "IntakeBenchmark: %s, %d req/s for %d s then %d req/s for %d s%n",
        options.baseUrl(),
        options.rate(),
        options.seconds(),
        options.spikeRate(),
        options.spikeSeconds());
    CpuMeter cpu = new CpuMeter(options.serverPid());
    for (LoadPhase phase : phases) {
      CpuMeter.Sample before = cpu.sample();
      generator.run(phase);
      phase.cpu(CpuMeter.describe(before, cpu.sample()));
    }
    boolean allAnswered = true;
    for (LoadPhase phase : phases) {
      allAnswered &= phase.awaitFinished(options.responseTimeoutSeconds() + 15L, TimeUnit.SECONDS);
    }
    String loadAfter = Report.loadAverage();
    long answered = phases.stream().mapToLong(LoadPhase::answeredCount).sum();
    if (answered == 0) {
      System.err.println(
          "IntakeBenchmark: no request got an HTTP answer; the server is unreachable");
      return 1;
    }
    long loadEnd =
        clocks.epochMicros(
            phases.stream().mapToLong(LoadPhase::lastAnswerNanos).max().orElseThrow());
    Instant deadline = Clocks.instant(loadEnd).plusSeconds(options.drainTimeoutSeconds());
    System.err.printf(
        Locale.ROOT,
        "IntakeBenchmark: load done, %,d accepted; waiting for the pipeline to drain%n",
        generator.accepted.size());

    DrainCheck check = new DrainCheck(http, options, json);
    CpuMeter.Sample drainStart = cpu.sample();
    QueueWait lanes = check.awaitEmptyLanes(deadline);
    String drainCpu = CpuMeter.describe(drainStart, cpu.sample());
    Sweep sweep = check.sweep(generator.accepted.keySet(), deadline);
    if (!generator.accepted.isEmpty()
        && sweep.done().isEmpty()
        && sweep.notDone().values().stream()
            .allMatch(s -> s.startsWith("ERROR") || s.equals("HTTP 401") || s.equals("HTTP 403"))) {
      System.err.println("IntakeBenchmark: the admin API could not be read; is the token right?");
      return 1;
    }
    Map<String, StreamGauge> finalGauges;
    try {
      finalGauges = check.scrape();
    } catch (RuntimeException e) {
      finalGauges = Map.of();
    }
    int deadLetters;
    try {
      deadLetters = check.deadLetters();
    } catch (RuntimeException e) {
      deadLetters = -1;
    }

    String report =
        report(
            phases,
            allAnswered,
            generator,
            loadEnd,
            lanes,
            sweep,
            finalGauges,
            deadLetters,
            loadBefore + " before the load, " + loadAfter + " at its end",
            drainCpu);
    System.out.print(report);
    System.out.flush();
    Path file = options.report().toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, report, StandardCharsets.UTF_8);
    System.err.println("IntakeBenchmark: report written to " + file);
    pool.disposeLater().block(Duration.ofSeconds(5));
    return 0;
  }

  private String report(
      List<LoadPhase> phases,
      boolean allAnswered,
      LoadGenerator generator,
      long loadEnd,
      QueueWait lanes,
      Sweep sweep,
      Map<String, StreamGauge> finalGauges,
      int deadLetters,
      String loadAverages,
      String drainCpu) {
    long firstSend = clocks.epochMicros(phases.get(0).startNanos());
    LoadPhase last = phases.get(phases.size() - 1);
    LoadPhase spike = options.spikeSeconds() > 0 ? last : null;
    int accepted = generator.accepted.size();
    int processed = sweep.done().size();
    long lost = accepted - processed;
    long[] processedAt =
        sweep.done().values().stream()
            .mapToLong(LeadState::processedAtMicros)
            .filter(t -> t > 0)
            .toArray();
    long drainedAt =
        processedAt.length == 0 ? loadEnd : Report.sorted(processedAt)[processedAt.length - 1];
    long drainMicros = Math.max(0, drainedAt - loadEnd);
    double e2e = processed / Math.max(1e-6, (drainedAt - firstSend) / 1e6);
    long totalPlanned = phases.stream().mapToLong(p -> p.planned).sum();
    long loadSeconds = phases.stream().mapToLong(p -> p.seconds).sum();
    double ceiling = (double) totalPlanned / loadSeconds;
    long[] pipelineLatency =
        Report.sorted(
            sweep.done().values().stream()
                .filter(
                    s -> s.processedAtMicros() > 0 && generator.accepted.containsKey(s.intakeId()))
                .mapToLong(
                    s ->
                        Math.max(0, s.processedAtMicros() - generator.accepted.get(s.intakeId()))
                            * 1_000)
                .toArray());

    Report r = new Report();
    r.line("# salesbot intake benchmark");
    r.line("");
    r.line(
        "- when: %s",
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            Clocks.instant(firstSend).atZone(ZoneId.systemDefault()).withNano(0)));
    r.line("- machine: %s", Report.machine());
    r.line(
        "- setup: salesbot (bot-server.jar, embedded PostgreSQL + Redis, demo dataset, sandbox"
            + " platform) and this load generator on the same machine, over loopback: they share"
            + " the cores");
    r.line(
        "- machine load (1-min load average): %s; above %d, other processes competed for the"
            + " cores and the figures are pessimistic",
        loadAverages, Runtime.getRuntime().availableProcessors());
    r.line("- server: %s", options.baseUrl());
    r.line(
        "- parameters: `--rate=%d --seconds=%d --spike-factor=%d --spike-seconds=%d"
            + " --warmup-seconds=%d` (%ssteady %,d req/s for %d s, then %,d req/s for %d s);"
            + " source `%s`; %,d requests planned",
        options.rate(),
        options.seconds(),
        options.spikeFactor(),
        options.spikeSeconds(),
        options.warmupSeconds(),
        options.warmupSeconds() > 0
            ? String.format(
                Locale.ROOT,
                "warm-up %,d req/s for %d s, counted in drain and loss only; ",
                options.rate(),
                options.warmupSeconds())
            : "",
        options.rate(),
        options.seconds(),
        options.spikeRate(),
        options.spikeSeconds(),
        options.source(),
        totalPlanned);
    r.line(
        "- method: open loop (requests leave on schedule whatever the answers), latency of each"
            + " 202 from the request's scheduled send time (no coordinated omission); connection"
            + " pool %d, response timeout %d s",
        options.maxConnections(), options.responseTimeoutSeconds());
    r.line("");
    r.line("## Acknowledgement: POST /api/v1/leads");
    r.line("");
    r.line(Report.phaseHeader());
    phases.forEach(p -> r.line(Report.phaseRow(p)));
    r.line("");
    phases.forEach(p -> r.line("- CPU during %s: %s", p.name, p.cpu()));
    if (!allAnswered) {
      r.line("");
      r.line("Some requests were neither answered nor failed within the wait; they are left out.");
    }
    Map<Integer, String> samples = new TreeMap<>();
    phases.forEach(p -> p.statusSamples().forEach(samples::putIfAbsent));
    if (!samples.isEmpty()) {
      r.line("");
      samples.forEach(
          (status, body) -> r.line("- sample answer %d: `%s`", status, body.replace('`', '\'')));
    }
    r.line("");
    r.line("## Drain and loss");
    r.line("");
    r.line("- accepted (202, distinct intake ids): %,d", accepted);
    r.line(
        "- processed end to end (POOLED or CLAIMED via the admin API): %,d, in %d read-back"
            + " round(s) taking %s",
        processed, sweep.rounds(), Report.seconds(sweep.took().toNanos() / 1_000));
    Map<String, Long> notDone = new TreeMap<>();
    sweep.notDone().values().forEach(s -> notDone.merge(s, 1L, Long::sum));
    r.line(
        "- **leads lost: %,d**%s",
        lost, notDone.isEmpty() ? "" : " (states at the deadline: " + notDone + ")");
    r.line(
        "- drain time, end of load (last 202) → last lead routed (server audit time): %s",
        Report.seconds(drainMicros));
    r.line(
        "- intake lanes seen empty by the gauges (refreshed every 5 s): %s",
        lanes.drained()
            ? "+"
                + Report.seconds(Math.max(0, Clocks.epochMicros(lanes.emptySeenAt()) - loadEnd))
                + " after the end of load"
            : "**not within the drain timeout of " + options.drainTimeoutSeconds() + " s**");
    r.line(
        "- end-to-end throughput, processed ÷ (first request → last lead routed): %,.0f leads/s"
            + " (the ceiling at these parameters is %,.0f/s: %,d leads over %d s of load)",
        e2e, ceiling, totalPlanned, loadSeconds);
    if (spike != null) {
      long spikeStart = clocks.epochMicros(spike.startNanos());
      long afterSpike = Arrays.stream(processedAt).filter(t -> t >= spikeStart).count();
      r.line(
          "- pipeline throughput from the spike's start to fully drained: %,.0f leads/s (%,d"
              + " leads routed in %s); peak in one second: %,d leads/s",
          afterSpike / Math.max(1e-6, (drainedAt - spikeStart) / 1e6),
          afterSpike,
          Report.seconds(Math.max(0, drainedAt - spikeStart)),
          Report.peakPerSecond(processedAt));
    }
    r.line(
        "- accepted → routed per lead: p50 %s ms, p99 %s ms, max %s ms",
        Report.ms(Report.percentile(pipelineLatency, 0.50)),
        Report.ms(Report.percentile(pipelineLatency, 0.99)),
        Report.ms(pipelineLatency.length == 0 ? -1 : pipelineLatency[pipelineLatency.length - 1]));
    r.line("- CPU while the lanes drained: %s", drainCpu);
    r.line("- dead letters on the server: %s", deadLetters < 0 ? "unknown" : deadLetters);
    List<String> streams = new ArrayList<>();
    finalGauges.forEach(
        (k, g) -> streams.add(k + " length " + g.length() + ", pending " + g.pending()));
    r.line(
        "- streams at the end: %s", streams.isEmpty() ? "no gauges" : String.join("; ", streams));
    r.line("");
    r.line("## Against the targets");
    r.line("");
    r.line("| target | measured | |");
    r.line("|---|---:|---|");
    if (spike != null) {
      long p99 = Report.percentile(spike.sortedAcceptedLatencies(), 0.99);
      r.line(
          "| ack p99 ≤ %.0f ms at %,d req/s | %s ms | %s |",
          Report.TARGET_P99_MS,
          spike.rate,
          Report.ms(p99),
          Report.verdict(p99 >= 0 && p99 <= Report.TARGET_P99_MS * 1e6 && spike.errorCount() == 0));
    }
    r.line(
        "| drain ≥ %.0f leads/s end to end | %,.0f leads/s | %s%s |",
        Report.TARGET_DRAIN_PER_S,
        e2e,
        Report.verdict(e2e >= Report.TARGET_DRAIN_PER_S),
        ceiling < Report.TARGET_DRAIN_PER_S
            ? String.format(
                Locale.ROOT, " (unreachable at these parameters: ceiling %,.0f/s)", ceiling)
            : "");
    r.line("| zero loss | %,d lost | %s |", lost, Report.verdict(lost == 0));
    return r.toString();
  }
}
