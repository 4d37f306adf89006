package io.salesbot.bench;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.command.KpiCommand;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.Replies;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.IntakeFallback;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.stage.DealReports;
import io.salesbot.core.stage.DealSupport;
import io.salesbot.core.stage.EvidenceLinks;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.StallClock;
import io.salesbot.core.stage.StallDigest;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.DealGenerator.Figures;
import io.salesbot.core.testing.RecordingOutbox;
import io.salesbot.core.timer.domain.Timer;
import io.salesbot.templates.MessageBundle;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The stall scan and the lead intake next to it. In this design stalls are found by durable timers
 * armed per deal (one fires per deal that stalls, {@code TimerBenchmark} measures their firing);
 * the one pass over <em>every</em> open deal is the managers' daily digest ({@link StallDigest}):
 * all teams' digests fall due at the same {@code digest-at} and each reads its team's open deals,
 * their transitions and leads. The scan here is exactly that: the production {@code StallDigest}
 * over the PostgreSQL adapter, one digest timer per team fired 16 at a time (as {@code FireTimers}
 * fires a due batch), its messages into an in-memory outbox (the only fake: 30 messages).
 */
final class DealScan {
  private static final int FIRE_CONCURRENCY = 16;
  private static final Duration SCAN_LIMIT = Duration.ofMinutes(30);

  private final List<Team> teams;
  private final Figures figures;
  private final StallDigest digest;
  private final RecordingOutbox outbox = new RecordingOutbox();
  private final AtomicInteger runs = new AtomicInteger();

  DealScan(PostgresAdapter adapter, Figures figures, StageModel model) {
    this.teams = figures.teams();
    this.figures = figures;
    // 10:00 in Shanghai on the dataset's last day: the digest's hour, outside quiet hours
    Clock clock = Clock.fixed(DealBenchmark.NOW.plus(Duration.ofHours(2)), DealBenchmark.ZONE);
    MessageBundle bundle = MessageBundle.forTag("zh-CN");
    Talk talk = new Talk(bundle::format, new Replies(outbox), clock);
    StageSettings settings = StageSettings.defaults();
    StallClock stallClock =
        new StallClock(adapter.timers(), settings, TeamPolicies.DEFAULTS, clock);
    DealSupport support =
        new DealSupport(
            adapter.deals(),
            adapter.leads(),
            figures.directory(),
            talk,
            settings,
            adapter.evidence(),
            new EvidenceLinks(
                "https://bot.example.com",
                "bench-secret-0123456789".getBytes(StandardCharsets.US_ASCII),
                Duration.ofHours(24)));
    this.digest = new StallDigest(support, stallClock);
    if (!model.equals(settings.model())) {
      throw new IllegalStateException("the scan's stage model is not the generator's");
    }
  }

  /**
   * What {@code /kpi} reads: the period, the one compared with, and the period's weeks (one grouped
   * call, {@link KpiCommand#weekBounds}).
   */
  static Mono<Void> kpiCommandReads(DealReports reports, ReportQuery q) {
    Duration length = Duration.between(q.from(), q.to());
    ReportQuery vs = q.during(q.from().minus(length), q.from());
    return reports.kpis(KpiCommand.periods(q, vs)).then();
  }

  /** One scan: every team's digest fired, 16 at a time; the digests sent. */
  Mono<Integer> once() {
    int run = runs.incrementAndGet();
    int before = outbox.commands().size();
    return Flux.fromIterable(teams)
        .flatMap(
            t ->
                digest.fire(
                    new Timer(
                        "stage-digest-" + t.id() + "-bench-" + run,
                        StallClock.DIGEST,
                        "team:" + t.id(),
                        DealBenchmark.NOW,
                        t.id())),
            FIRE_CONCURRENCY)
        .then(Mono.fromSupplier(() -> outbox.commands().size() - before));
  }

  /** Scans alone {@code runs} times, then the intake idle and during back-to-back scans. */
  void run(DealReport report, int scanRuns, Intake intake, int rate, int seconds) {
    long open = figures.total().open();
    List<Long> scans = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < scanRuns; i++) {
      long t0 = System.nanoTime();
      Integer n = once().timeout(SCAN_LIMIT).onErrorResume(e -> Mono.empty()).block();
      scans.add(System.nanoTime() - t0);
      if (n == null) {
        report.line("a scan did not finish within " + SCAN_LIMIT + ": stopped there");
        break;
      }
      sent = n;
    }
    report.scan(scans, sent, teams.size(), open);
    intake.warmUp(rate);
    report.ack("idle", intake.measure(rate, seconds), BenchLoad.average());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger during = new AtomicInteger();
    List<Long> duringScans = Collections.synchronizedList(new ArrayList<>());
    var scanning =
        Mono.defer(
                () -> {
                  long t0 = System.nanoTime();
                  return once()
                      .doOnSuccess(
                          n -> {
                            duringScans.add(System.nanoTime() - t0);
                            during.incrementAndGet();
                          });
                })
            .repeat(() -> !stop.get())
            .subscribeOn(Schedulers.boundedElastic())
            .subscribe();
    List<Long> acks = intake.measure(rate, seconds);
    String load = BenchLoad.average();
    stop.set(true);
    scanning.dispose();
    report.ack("during the scan", acks, load);
    report.line(
        "scans running during the ack measurement: "
            + during.get()
            + " completed ("
            + duringScans.stream().map(n -> n / 1_000_000 + " ms").toList()
            + "), the one running when the measurement ended cut off");
  }

  /** The lead intake's acknowledgement: {@code SubmitLead} as the server assembles it. */
  static final class Intake {
    private final SubmitLead submit;
    private final AtomicInteger sequence = new AtomicInteger();

    Intake(InboundQueue queue, IntakeFallback fallback) {
      this.submit = new SubmitLead(queue, fallback, Clock.systemUTC());
    }

    /** One submission answered (the Redis connection open), then {@code rate} for 5 s. */
    void warmUp(int rate) {
      submit.submit(lead(sequence.incrementAndGet())).block(Duration.ofSeconds(30));
      measure(rate, 5);
    }

    /** Open loop: {@code rate} submissions a second; each latency from its scheduled time. */
    List<Long> measure(int rate, int seconds) {
      int total = rate * seconds;
      long periodNanos = 1_000_000_000L / rate;
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
      long[] start = new long[1];
      Flux.interval(Duration.ofNanos(periodNanos), Schedulers.parallel())
          .doOnSubscribe(s -> start[0] = System.nanoTime())
          .take(total)
          .onBackpressureBuffer()
          .flatMap(
              i -> {
                long scheduled = start[0] + (i + 1) * periodNanos;
                return submit
                    .submit(lead(sequence.incrementAndGet()))
                    .doOnSuccess(a -> latencies.add(System.nanoTime() - scheduled))
                    .onErrorResume(e -> Mono.empty());
              },
              1024)
          .blockLast(Duration.ofSeconds(seconds * 3L + 60));
      synchronized (latencies) {
        return new ArrayList<>(latencies);
      }
    }

    private static LeadSubmission lead(int n) {
      return new LeadSubmission(
          "deal-bench-" + System.nanoTime() + "-" + n,
          "bench",
          "客户" + n,
          String.format("13%09d", n % 1_000_000_000),
          "基准测试有限公司",
          n % 2 == 0 ? "华东" : "华南",
          "制造",
          null,
          null,
          null,
          null,
          Map.of(),
          Priority.NORMAL);
    }
  }
}
