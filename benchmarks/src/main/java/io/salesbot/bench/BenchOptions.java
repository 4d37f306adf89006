package io.salesbot.bench;

import static io.salesbot.bench.BenchSupport.number;
import static io.salesbot.bench.BenchSupport.text;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's parameters, from {@code --name=value} arguments.
 *
 * @param baseUrl the server, loopback only, e.g. {@code http://127.0.0.1:8080}
 * @param rate requests per second of the steady phase
 * @param seconds length of the steady phase
 * @param spikeFactor the spike phase sends {@code rate * spikeFactor} requests per second
 * @param spikeSeconds length of the spike phase; 0 skips it
 * @param source the intake source id ({@code X-Salesbot-Source})
 * @param secret the source's signing secret
 * @param adminToken the admin API token, for reading leads back
 * @param drainTimeoutSeconds how long after the load to wait for every accepted lead to be
 *     processed
 * @param checkConcurrency how many lead look-ups are in flight at once while checking for loss
 * @param maxConnections the load generator's connection pool size
 * @param responseTimeoutSeconds a request without an answer after this long counts as an error
 * @param report where the Markdown report is written (besides stdout)
 * @param serverPid the server's process id, to report its CPU use; 0 when unknown
 * @param warmupSeconds an untimed phase at {@code rate} before the steady one, so that the server's
 *     JIT warm-up does not land in the steady figures; 0 (default) skips it
 */
record BenchOptions(
    URI baseUrl,
    int rate,
    int seconds,
    int spikeFactor,
    int spikeSeconds,
    String source,
    String secret,
    String adminToken,
    int drainTimeoutSeconds,
    int checkConcurrency,
    int maxConnections,
    int responseTimeoutSeconds,
    Path report,
    long serverPid,
    int warmupSeconds) {

  /** Upper bound on the requests of one run, so a typo cannot turn it into a flood. */
  static final long MAX_REQUESTS = 2_000_000;

  static final String USAGE =
      """
      usage: IntakeBenchmark [--base-url=http://127.0.0.1:8080] [--rate=100] [--seconds=20]
                             [--spike-factor=10] [--spike-seconds=10] [--source=demo]
                             [--secret=demo-secret] [--admin-token=bench-token]
                             [--drain-timeout=120] [--check-concurrency=32]
                             [--max-connections=512] [--response-timeout=10]
                             [--report=benchmarks/target/bench-report.md] [--server-pid=0]
                             [--warmup-seconds=0]
      Open-loop load on POST /api/v1/leads: a steady phase at --rate req/s, then a spike at
      rate x spike-factor; then waits until every accepted lead is routed (admin API) and prints
      a Markdown report. Loopback servers only.""";

  int spikeRate() {
    return rate * spikeFactor;
  }

  static BenchOptions parse(String[] args) {
    Map<String, String> given = BenchSupport.arguments(args);
    Map<String, String> left = new LinkedHashMap<>(given);
    URI baseUrl = URI.create(text(left, "base-url", "http://127.0.0.1:8080").replaceAll("/+$", ""));
    BenchOptions o =
        new BenchOptions(
            baseUrl,
            number(left, "rate", 100, 1, 20_000),
            number(left, "seconds", 20, 1, 600),
            number(left, "spike-factor", 10, 1, 100),
            number(left, "spike-seconds", 10, 0, 600),
            text(left, "source", "demo"),
            text(left, "secret", "demo-secret"),
            text(left, "admin-token", "bench-token"),
            number(left, "drain-timeout", 120, 1, 1800),
            number(left, "check-concurrency", 32, 1, 256),
            number(left, "max-connections", 512, 1, 10_000),
            number(left, "response-timeout", 10, 1, 120),
            Path.of(text(left, "report", "benchmarks/target/bench-report.md")),
            number(left, "server-pid", 0, 0, Integer.MAX_VALUE),
            number(left, "warmup-seconds", 0, 0, 600));
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("unknown argument(s): " + left.keySet());
    }
    if (o.spikeRate() > 50_000) {
      throw new IllegalArgumentException("rate x spike-factor is above 50,000 req/s");
    }
    long total =
        (long) o.rate * (o.seconds + o.warmupSeconds) + (long) o.spikeRate() * o.spikeSeconds;
    if (total > MAX_REQUESTS) {
      throw new IllegalArgumentException(
          "the run would send " + total + " requests; at most " + MAX_REQUESTS);
    }
    BenchSupport.requireLoopback(baseUrl);
    return o;
  }
}
