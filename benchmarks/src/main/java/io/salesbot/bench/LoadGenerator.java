package io.salesbot.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Open-loop load: requests leave on a fixed schedule whatever the server does, and each latency is
 * measured from the request's <em>scheduled</em> time, so a stalling server shows up in the figures
 * instead of slowing the generator down (no coordinated omission).
 */
final class LoadGenerator {
  private static final String[] REGIONS = {"华东", "华南"};

  private final HttpClient http;
  private final BenchOptions options;
  private final BenchSupport.Signer signer;
  private final ObjectMapper json;
  private final Clocks clocks;
  private final AtomicLong counter = new AtomicLong();

  /** Every accepted intake id, with the wall-clock time (epoch µs) its 202 arrived. */
  final Map<String, Long> accepted = new ConcurrentHashMap<>();

  LoadGenerator(HttpClient http, BenchOptions options, ObjectMapper json, Clocks clocks) {
    this.http = http;
    this.options = options;
    this.signer = new BenchSupport.Signer(options.source(), options.secret());
    this.json = json;
    this.clocks = clocks;
  }

  /** Fires the phase's requests on schedule; returns when the last one is sent, not answered. */
  void run(LoadPhase phase) {
    long start = System.nanoTime();
    phase.started(start);
    for (long i = 0; i < phase.planned; i++) {
      long scheduled = start + i * 1_000_000_000L / phase.rate;
      long now = System.nanoTime();
      while (now < scheduled) {
        LockSupport.parkNanos(scheduled - now);
        now = System.nanoTime();
      }
      phase.sent(now - scheduled);
      fire(phase, scheduled);
    }
  }

  private void fire(LoadPhase phase, long scheduled) {
    BenchSupport.Signed signed;
    try {
      signed = signer.sign(body(counter.getAndIncrement()));
    } catch (RuntimeException e) {
      phase.failed(e, System.nanoTime());
      return;
    }
    signed
        .post(http, "/api/v1/leads")
        .responseSingle(
            (response, content) ->
                content
                    .asString()
                    .defaultIfEmpty("")
                    .map(text -> new Answer(response.status().code(), text)))
        .timeout(Duration.ofSeconds(options.responseTimeoutSeconds() + 5L))
        .subscribe(
            answer -> record(phase, scheduled, answer),
            error -> phase.failed(error, System.nanoTime()));
  }

  private void record(LoadPhase phase, long scheduled, Answer answer) {
    long now = System.nanoTime();
    if (answer.status() == 202) {
      String intakeId = null;
      try {
        JsonNode node = json.readTree(answer.body()).get("intakeId");
        intakeId = node == null ? null : node.asString();
      } catch (RuntimeException e) {
        // Counted below as a 202 without an intake id.
      }
      if (intakeId == null || intakeId.isBlank()) {
        phase.otherStatus(-202, answer.body(), now);
        return;
      }
      accepted.put(intakeId, clocks.epochMicros(now));
      phase.accepted(now - scheduled, now);
    } else {
      phase.otherStatus(answer.status(), answer.body(), now);
    }
  }

  /** A unique, valid lead: name, mainland mobile 13 + 9 digits, region alternating 华东/华南. */
  private byte[] body(long n) {
    return leadBody(json, n);
  }

  /** Lead {@code n} of a run: unique name and mobile, region alternating 华东/华南, as JSON. */
  static byte[] leadBody(ObjectMapper json, long n) {
    return leadBody(json, n, true);
  }

  /**
   * Lead number {@code n}; without a phone it is a normal lead even from a high-intent source (the
   * demo's), which sends every lead with a phone to the hot lane.
   */
  static byte[] leadBody(ObjectMapper json, long n, boolean withPhone) {
    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("name", "压测客户" + n);
    if (withPhone) {
      lead.put("phone", "13" + String.format("%09d", n % 1_000_000_000L));
    }
    lead.put("company", "Bench Co " + n);
    lead.put("region", REGIONS[(int) (n % REGIONS.length)]);
    lead.put("product", "CRM");
    lead.put("message", "load benchmark lead " + n);
    return json.writeValueAsBytes(lead);
  }

  private record Answer(int status, String body) {}
}
