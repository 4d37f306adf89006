package io.salesbot.bench;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.postgres.SchemaMigrator;
import io.salesbot.core.timer.FireTimers;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.TimerKinds;
import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Timer firing lag under a large backlog. A report, not a test: starts an embedded PostgreSQL,
 * migrates it, stores {@code --pending} timers due tomorrow (the backlog), then for {@code
 * --seconds} schedules {@code --rate} timers per second due <em>now</em>, while {@code --pollers}
 * independent pollers (each its own adapter and connection pool, polling like the server's
 * TimerLifecycle: every {@code --poll-interval}, batches of 500, at once again after a full batch)
 * fire them. Lag = the moment the handler runs − the timer's due time. Also checks that every timer
 * fired exactly once. Prints a Markdown report and writes it to {@code --out}.
 *
 * <p>Options ({@code --name=value}): pending (100000), rate (200), seconds (30), pollers (2),
 * poll-interval-ms (1000), out (benchmarks/target/timer-report.md).
 */
public final class TimerBenchmark {
  private static final int BATCH = 500;

  private TimerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int pending = Integer.parseInt(o.getOrDefault("pending", "100000"));
    int rate = Integer.parseInt(o.getOrDefault("rate", "200"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
    int pollers = Integer.parseInt(o.getOrDefault("pollers", "2"));
    Duration interval =
        Duration.ofMillis(Long.parseLong(o.getOrDefault("poll-interval-ms", "1000")));
    Path out = Path.of(o.getOrDefault("out", "benchmarks/target/timer-report.md"));

    Path work = Files.createTempDirectory("salesbot-timer-bench-");
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            .setOverrideWorkingDirectory(work.toFile())
            .start();
    List<ConnectionPool> pools = new ArrayList<>();
    List<Disposable> running = new ArrayList<>();
    try {
      String jdbc = pg.getJdbcUrl("postgres", "postgres");
      SchemaMigrator.migrate(jdbc, "postgres", "");
      long t0 = System.nanoTime();
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO timers (id, kind, lead_id, due_at, data)"
                + " SELECT 'backlog-' || g, 'bench', 'lead-' || g,"
                + " now() + interval '1 day' + g * interval '1 second', 'x'"
                + " FROM generate_series(1, "
                + pending
                + ") g");
        s.execute("ANALYZE timers");
      }
      long backlogMs = (System.nanoTime() - t0) / 1_000_000;

      Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
      List<Long> lagsMs = Collections.synchronizedList(new ArrayList<>());
      Clock clock = Clock.systemUTC();
      TimerHandler handler =
          timer ->
              Mono.fromRunnable(
                  () -> {
                    long lag = Duration.between(timer.dueAt(), clock.instant()).toMillis();
                    if (fired
                            .computeIfAbsent(timer.id(), k -> new AtomicInteger())
                            .incrementAndGet()
                        == 1) {
                      lagsMs.add(lag);
                    }
                  });
      List<Timers> adapters = new ArrayList<>();
      for (int i = 0; i < pollers; i++) {
        ConnectionPool pool = pool(pg.getPort());
        pools.add(pool);
        Timers timers = new PostgresAdapter(pool).timers();
        adapters.add(timers);
        FireTimers fire = new FireTimers(timers, new TimerKinds().on("bench", handler), clock);
        // Staggered starts, like instances that were not started in the same millisecond.
        Duration first = interval.multipliedBy(i).dividedBy(pollers).plusMillis(1);
        running.add(
            Flux.interval(first, interval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(
                    tick ->
                        fire.fireDue(BATCH)
                            .expand(n -> n >= BATCH ? fire.fireDue(BATCH) : Mono.empty())
                            .onErrorResume(e -> Mono.empty()))
                .subscribe());
      }

      // Due-now timers at a steady rate, each scheduled with its due time = the moment it is
      // stored.
      int total = rate * seconds;
      AtomicInteger scheduled = new AtomicInteger();
      long tick = Math.max(1, 1000 / Math.min(rate, 1000));
      int perTick = (int) Math.max(1, rate * tick / 1000);
      Timers scheduler = adapters.get(0);
      Flux.interval(Duration.ZERO, Duration.ofMillis(tick))
          .take(total / perTick)
          .onBackpressureBuffer()
          .concatMap(
              t ->
                  Flux.range(0, perTick)
                      .flatMap(
                          k -> {
                            int n = scheduled.incrementAndGet();
                            return scheduler.schedule(
                                new Timer(
                                    "due-" + n, "bench", "lead-due-" + n, clock.instant(), "x"));
                          })
                      .then())
          .blockLast(Duration.ofSeconds(seconds * 3L + 60));
      int expected = scheduled.get();
      long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (fired.size() < expected && System.nanoTime() < waitUntil) {
        Thread.sleep(100);
      }
      Thread.sleep(interval.toMillis() * 2); // a late duplicate would show up here
      running.forEach(Disposable::dispose);

      long remaining;
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
          Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM timers")) {
        rs.next();
        remaining = rs.getLong(1);
      }
      long twice = fired.values().stream().filter(a -> a.get() > 1).count();
      List<Long> sorted;
      synchronized (lagsMs) {
        sorted = new ArrayList<>(lagsMs);
      }
      Collections.sort(sorted);
      String report =
          report(
              pending,
              backlogMs,
              rate,
              seconds,
              pollers,
              interval,
              expected,
              fired.size(),
              twice,
              remaining,
              sorted);
      System.out.println(report);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report);
    } finally {
      running.forEach(Disposable::dispose);
      for (ConnectionPool p : pools) {
        p.disposeLater().block(Duration.ofSeconds(10));
      }
      pg.close();
    }
  }

  private static ConnectionPool pool(int port) {
    PostgresqlConnectionFactory factory =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .port(port)
                .username("postgres")
                .database("postgres")
                .build());
    return new ConnectionPool(
        ConnectionPoolConfiguration.builder(factory).initialSize(4).maxSize(10).build());
  }

  private static String report(
      int pending,
      long backlogMs,
      int rate,
      int seconds,
      int pollers,
      Duration interval,
      int expected,
      int fired,
      long twice,
      long remaining,
      List<Long> lags) {
    StringBuilder b = new StringBuilder();
    b.append("## Timer firing lag (TimerBenchmark)\n\n");
    b.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ")
        .append(System.getProperty("java.version"))
        .append(" (")
        .append(System.getProperty("java.vm.name"))
        .append("), ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append('\n');
    b.append("- backlog: ")
        .append(pending)
        .append(" pending timers due tomorrow (inserted in ")
        .append(backlogMs)
        .append(" ms), embedded PostgreSQL (zonky, same machine)\n");
    b.append("- load: ")
        .append(rate)
        .append(" timers/s due at the moment they are stored, for ")
        .append(seconds)
        .append(" s; ")
        .append(pollers)
        .append(" pollers (own adapter and pool each), every ")
        .append(interval.toMillis())
        .append(" ms, batches of ")
        .append(BATCH)
        .append('\n');
    b.append("- fired: ")
        .append(fired)
        .append(" of ")
        .append(expected)
        .append("; fired more than once: ")
        .append(twice)
        .append("; rows left in `timers`: ")
        .append(remaining)
        .append(" (the backlog is ")
        .append(pending)
        .append(")\n\n");
    b.append("| lag | p50 | p90 | p99 | max |\n|---|---|---|---|---|\n");
    b.append("| ms | ")
        .append(pct(lags, 50))
        .append(" | ")
        .append(pct(lags, 90))
        .append(" | ")
        .append(pct(lags, 99))
        .append(" | ")
        .append(lags.isEmpty() ? "-" : lags.get(lags.size() - 1))
        .append(" |\n");
    long p99 = lags.isEmpty() ? Long.MAX_VALUE : pct(lags, 99);
    b.append("\nTarget p99 ≤ 2000 ms: ").append(p99 <= 2000 ? "met" : "MISSED").append('\n');
    return b.toString();
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new java.util.HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, not " + a);
      }
      o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return o;
  }
}
