package io.salesbot.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.salesbot.core.lead.domain.LeadIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * After the load: waits until the intake lanes look drained (Prometheus gauges), then reads every
 * accepted lead back through the admin API until all are routed or the time is up.
 */
final class DrainCheck {
  /** The server refreshes the stream gauges every 5 s. */
  static final Duration GAUGE_PERIOD = Duration.ofSeconds(5);

  /** The first read-back round reads every accepted lead; it gives up after this long. */
  static final Duration FIRST_ROUND_LIMIT = Duration.ofMinutes(10);

  private static final Pattern GAUGE =
      Pattern.compile(
          "^salesbot_stream_(length|pending|lag)\\{[^}]*stream=\"([^\"]+)\"[^}]*}\\s+(\\S+)");

  private final HttpClient http;
  private final BenchOptions options;
  private final ObjectMapper json;

  DrainCheck(HttpClient http, BenchOptions options, ObjectMapper json) {
    this.http = http;
    this.options = options;
    this.json = json;
  }

  /** One stream's gauges; {@code -1} where the gauge was absent. */
  record StreamGauge(long length, long pending, long lag) {}

  /** What one lead look-up found. */
  record LeadState(String intakeId, String status, long processedAtMicros) {
    boolean done() {
      return "POOLED".equals(status) || "CLAIMED".equals(status);
    }
  }

  /** The outcome of waiting for the lanes. */
  record QueueWait(boolean drained, Instant emptySeenAt, Map<String, StreamGauge> last) {}

  /** The outcome of reading the leads back. */
  record Sweep(
      Map<String, LeadState> done, Map<String, String> notDone, int rounds, Duration took) {}

  Map<String, StreamGauge> scrape() {
    String text =
        http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.adminToken()))
            .get()
            .uri("/actuator/prometheus")
            .responseSingle(
                (r, body) ->
                    r.status().code() == 200
                        ? body.asString().defaultIfEmpty("")
                        : Mono.error(
                            new IllegalStateException(
                                "/actuator/prometheus answered " + r.status().code())))
            .timeout(Duration.ofSeconds(10))
            .block();
    Map<String, long[]> raw = new TreeMap<>();
    for (String line : text == null ? new String[0] : text.split("\n")) {
      Matcher m = GAUGE.matcher(line);
      if (m.find()) {
        long[] v = raw.computeIfAbsent(m.group(2), k -> new long[] {-1, -1, -1});
        int i = m.group(1).equals("length") ? 0 : m.group(1).equals("pending") ? 1 : 2;
        v[i] = (long) Double.parseDouble(m.group(3));
      }
    }
    Map<String, StreamGauge> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, new StreamGauge(v[0], v[1], v[2])));
    return out;
  }

  /**
   * Polls the gauges once a second until every {@code salesbot:in:*} stream shows length 0 and
   * pending 0 over more than one gauge refresh, or {@code deadline} passes.
   */
  QueueWait awaitEmptyLanes(Instant deadline) throws InterruptedException {
    Instant zeroSince = null;
    Map<String, StreamGauge> last = Map.of();
    while (Instant.now().isBefore(deadline)) {
      boolean empty;
      try {
        last = scrape();
        List<StreamGauge> lanes = new ArrayList<>();
        last.forEach(
            (stream, g) -> {
              if (stream.contains(":in:")) {
                lanes.add(g);
              }
            });
        empty =
            !lanes.isEmpty() && lanes.stream().allMatch(g -> g.length() == 0 && g.pending() <= 0);
      } catch (RuntimeException e) {
        empty = false;
      }
      Instant now = Instant.now();
      if (!empty) {
        zeroSince = null;
      } else if (zeroSince == null) {
        zeroSince = now;
      } else if (Duration.between(zeroSince, now).compareTo(GAUGE_PERIOD.plusSeconds(1)) > 0) {
        return new QueueWait(true, zeroSince, last);
      }
      Thread.sleep(1_000);
    }
    return new QueueWait(false, Instant.now(), last);
  }

  /**
   * Reads every accepted lead back ({@code GET /api/v1/leads/{leadId}}, at most {@code
   * check-concurrency} at once) and re-reads those not yet routed every 2 s until all are or {@code
   * deadline} passes.
   */
  Sweep sweep(Iterable<String> intakeIds, Instant deadline) throws InterruptedException {
    long started = System.nanoTime();
    Map<String, LeadState> done = new LinkedHashMap<>();
    Map<String, String> notDone = new LinkedHashMap<>();
    List<String> unchecked = new ArrayList<>();
    intakeIds.forEach(unchecked::add);
    int rounds = 0;
    while (!unchecked.isEmpty()) {
      // The first round always reads every lead, even past the deadline, so that a slow read-back
      // is not mistaken for loss; later rounds only re-read the leads not yet routed.
      Duration left = Duration.between(Instant.now(), deadline);
      if (rounds > 0 && (left.isNegative() || left.isZero())) {
        break;
      }
      rounds++;
      Duration limit = rounds == 1 ? FIRST_ROUND_LIMIT : left.plusSeconds(30);
      List<LeadState> states =
          Flux.fromIterable(unchecked)
              .flatMap(this::lookUp, options.checkConcurrency())
              .collectList()
              .block(limit);
      unchecked = new ArrayList<>();
      notDone.clear();
      for (LeadState s : states == null ? List.<LeadState>of() : states) {
        if (s.done()) {
          done.put(s.intakeId(), s);
        } else {
          unchecked.add(s.intakeId());
          notDone.put(s.intakeId(), s.status());
        }
      }
      if (!unchecked.isEmpty() && Instant.now().plusSeconds(2).isBefore(deadline)) {
        Thread.sleep(2_000);
      } else if (!unchecked.isEmpty()) {
        break;
      }
    }
    return new Sweep(done, notDone, rounds, Duration.ofNanos(System.nanoTime() - started));
  }

  private Mono<LeadState> lookUp(String intakeId) {
    return http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.adminToken()))
        .get()
        .uri("/api/v1/leads/" + LeadIds.leadId(intakeId))
        .responseSingle(
            (r, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(text -> state(intakeId, r.status().code(), text)))
        .timeout(Duration.ofSeconds(options.responseTimeoutSeconds() + 5L))
        .onErrorResume(
            e -> Mono.just(new LeadState(intakeId, "ERROR " + e.getClass().getSimpleName(), -1)));
  }

  private LeadState state(String intakeId, int status, String text) {
    if (status == 404) {
      return new LeadState(intakeId, "NOT_FOUND", -1);
    }
    if (status != 200) {
      return new LeadState(intakeId, "HTTP " + status, -1);
    }
    JsonNode lead = json.readTree(text);
    String leadStatus = lead.path("status").asString("UNKNOWN");
    // When the lead was routed (its "routed" audit entry); else when it was stored.
    long at = micros(lead.path("createdAt").asString(""));
    for (JsonNode entry : lead.path("history")) {
      if ("routed".equals(entry.path("action").asString(""))) {
        at = micros(entry.path("at").asString(""));
      }
    }
    return new LeadState(intakeId, leadStatus, at);
  }

  private static long micros(String instant) {
    try {
      return Clocks.epochMicros(Instant.parse(instant));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** How many dead letters the server holds (at most 1000 are counted). */
  int deadLetters() {
    String text =
        http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.adminToken()))
            .get()
            .uri("/api/v1/admin/dead-letters?limit=1000")
            .responseSingle((r, body) -> body.asString().defaultIfEmpty(""))
            .timeout(Duration.ofSeconds(10))
            .block();
    JsonNode node = json.readTree(text == null ? "" : text);
    return node != null && node.isArray() ? node.size() : -1;
  }
}
