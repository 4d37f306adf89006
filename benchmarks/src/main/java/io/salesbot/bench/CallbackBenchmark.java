package io.salesbot.bench;

import static io.salesbot.bench.BenchSupport.number;
import static io.salesbot.bench.BenchSupport.text;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackCrypto.CryptoException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acknowledgement latency of the platform callbacks against a running salesbot: a report, not a
 * test. Run it with {@code scripts/bench-callbacks.sh}, which starts {@code bot-server.jar} with
 * WeCom and DingTalk (HTTP mode) on and their API base URLs pointing at this process's {@link
 * PlatformStandIn}.
 *
 * <p>Targets, one after the other, each with a warm-up, a steady phase and a spike (open loop,
 * latency from each request's scheduled send time):
 *
 * <ul>
 *   <li>{@code dingtalk}: {@code POST /callbacks/dingtalk}, event subscriptions encrypted as {@code
 *       DingCallbackCrypto} does (a unique {@code eventId} each); the answer must be the encrypted
 *       {@code success} map, and a sample of them is decrypted and checked;
 *   <li>{@code wecom}: {@code POST /callbacks/wecom/{agentId}}, encrypted as {@code WXBizMsgCrypt}
 *       does, alternating a typed {@code /help} (unique {@code MsgId}) and a {@code
 *       template_card_event} click on a Claim button (unique user and time); the answer must be an
 *       empty 200.
 * </ul>
 *
 * Every callback is distinct, so none is dropped as a duplicate, and each is queued and processed
 * (a reply each for WeCom; DingTalk events are acknowledged and ignored by the pipeline). Between
 * targets the benchmark waits, bounded, for the server's inbound lanes to drain.
 *
 * <p>Exit status: 0 when the benchmark ran, whatever the figures; 1 when the server could not be
 * reached; 2 for bad arguments.
 */
public final class CallbackBenchmark {
  static final double TARGET_P99_MS = 50;
  static final long MAX_REQUESTS = 500_000;
  private static final int VERIFY_EVERY = 10;
  private static final Pattern LANE =
      Pattern.compile(
          "^salesbot_stream_length\\{[^}]*stream=\"([^\"]*:in:[^\"]*)\"[^}]*}\\s+(\\S+)");

  record Options(
      URI baseUrl,
      int standInPort,
      List<String> targets,
      int rate,
      int seconds,
      int spikeFactor,
      int spikeSeconds,
      int warmupSeconds,
      int settleSeconds,
      int maxConnections,
      int responseTimeoutSeconds,
      Path report,
      long serverPid,
      Path serverPidFile,
      int startTimeoutSeconds,
      String wecomCorpId,
      int wecomAgentId,
      String wecomToken,
      String wecomAesKey,
      String dingtalkClientId,
      String dingtalkToken,
      String dingtalkAesKey,
      String adminToken) {}

  /** One prepared request: path and query, and its body. */
  private record Prepared(String uri, byte[] body) {}

  private final Options options;
  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicLong counter = new AtomicLong();
  private final CallbackCrypto wecom;
  private final CallbackCrypto dingtalk;

  /** The server's process id once it is UP (from --server-pid or --server-pid-file); 0 unknown. */
  private long serverPid;

  private CallbackBenchmark(Options options) {
    this.options = options;
    this.wecom =
        new CallbackCrypto(
            options.wecomToken(), options.wecomAesKey(), options.wecomCorpId(), "corp");
    this.dingtalk =
        new CallbackCrypto(
            options.dingtalkToken(), options.dingtalkAesKey(), options.dingtalkClientId(), "app");
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("CallbackBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try {
      code = new CallbackBenchmark(options).run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (RuntimeException | IOException e) {
      System.err.println("CallbackBenchmark failed: " + e);
      code = 1;
    }
    System.exit(code);
  }

  private int run() throws InterruptedException, IOException {
    ConnectionProvider pool =
        BenchSupport.pool(
            "bench-callbacks", options.maxConnections(), options.responseTimeoutSeconds());
    HttpClient http =
        BenchSupport.client(pool, options.baseUrl(), options.responseTimeoutSeconds());
    try (PlatformStandIn standIn = new PlatformStandIn(options.standInPort())) {
      // The stand-in runs already: scripts/bench-callbacks.sh starts the server after this, so that
      // it finds the platforms' APIs from its start (DingTalk's card callback is registered then).
      if (!BenchSupport.healthy(http, options.startTimeoutSeconds())) {
        System.err.println(
            "CallbackBenchmark: " + options.baseUrl() + "/actuator/health is not UP");
        return 1;
      }
      String loadBefore = Report.loadAverage();
      serverPid = BenchSupport.serverPid(options.serverPid(), options.serverPidFile());
      CpuMeter cpu = new CpuMeter(serverPid);
      Map<String, List<LoadPhase>> results = new LinkedHashMap<>();
      Map<String, String> backlog = new LinkedHashMap<>();
      Map<String, String> verified = new LinkedHashMap<>();
      for (String target : options.targets()) {
        List<LoadPhase> phases = new ArrayList<>();
        if (options.warmupSeconds() > 0) {
          phases.add(new LoadPhase("warm-up", options.rate(), options.warmupSeconds()));
        }
        phases.add(new LoadPhase("steady", options.rate(), options.seconds()));
        if (options.spikeSeconds() > 0) {
          phases.add(
              new LoadPhase(
                  "spike ×" + options.spikeFactor(),
                  options.rate() * options.spikeFactor(),
                  options.spikeSeconds()));
        }
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger badAnswers = new AtomicInteger();
        for (LoadPhase phase : phases) {
          System.err.printf(
              Locale.ROOT,
              "CallbackBenchmark: %s %s, %d req/s for %d s%n",
              target,
              phase.name,
              phase.rate,
              phase.seconds);
          List<Prepared> requests = new ArrayList<>(phase.planned);
          for (int i = 0; i < phase.planned; i++) {
            requests.add("wecom".equals(target) ? wecomRequest() : dingtalkRequest());
          }
          CpuMeter.Sample before = cpu.sample();
          fire(http, target, phase, requests, checked, badAnswers);
          phase.cpu(CpuMeter.describe(before, cpu.sample()));
          phase.awaitFinished(options.responseTimeoutSeconds() + 15L, TimeUnit.SECONDS);
        }
        results.put(target, phases);
        verified.put(
            target,
            String.format(
                Locale.ROOT,
                "%d answers checked, %d not as expected",
                checked.get(),
                badAnswers.get()));
        backlog.put(target, settle(http));
      }
      String loadAfter = Report.loadAverage();
      String report = report(results, verified, backlog, standIn.calls(), loadBefore, loadAfter);
      System.out.print(report);
      System.out.flush();
      Path file = options.report().toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, report, StandardCharsets.UTF_8);
      System.err.println("CallbackBenchmark: report written to " + file);
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(5));
    }
    return 0;
  }

  // --- requests
  // -----------------------------------------------------------------------------------

  private static String random16() {
    byte[] r = new byte[16];
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 16; i++) {
      r[i] = (byte) chars.charAt(ThreadLocalRandom.current().nextInt(chars.length()));
    }
    return new String(r, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Alternately a typed {@code /help} and a click on a Claim button, from one of 5,000 users. */
  private Prepared wecomRequest() {
    long n = counter.getAndIncrement();
    String user = "bench" + (n % 5000);
    long now = Instant.now().getEpochSecond();
    String plain;
    if (n % 2 == 0) {
      plain =
          "<xml><ToUserName><![CDATA["
              + options.wecomCorpId()
              + "]]></ToUserName><FromUserName><![CDATA["
              + user
              + "]]></FromUserName><CreateTime>"
              + now
              + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[/help]]></Content>"
              + "<MsgId>"
              + (7_000_000_000_000_000_000L + n)
              + "</MsgId><AgentID>"
              + options.wecomAgentId()
              + "</AgentID></xml>";
    } else {
      String leadId = UUID.randomUUID().toString();
      String key =
          "s1."
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(("claim\n" + leadId).getBytes(StandardCharsets.UTF_8));
      plain =
          "<xml><ToUserName><![CDATA["
              + options.wecomCorpId()
              + "]]></ToUserName><FromUserName><![CDATA["
              + user
              + "]]></FromUserName><CreateTime>"
              + now
              + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
              + "<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA["
              + key
              + "]]></EventKey><TaskId><![CDATA[lead-"
              + leadId
              + "@1@bench"
              + n
              + "]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>"
              + "<ResponseCode><![CDATA[RC-BENCH-"
              + n
              + "]]></ResponseCode><AgentID>"
              + options.wecomAgentId()
              + "</AgentID></xml>";
    }
    String encrypt = wecom.encrypt(random16(), plain);
    String ts = Long.toString(now);
    String nonce = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    String uri =
        "/callbacks/wecom/"
            + options.wecomAgentId()
            + "?msg_signature="
            + wecom.signature(ts, nonce, encrypt)
            + "&timestamp="
            + ts
            + "&nonce="
            + nonce;
    String body =
        "<xml><ToUserName><![CDATA["
            + options.wecomCorpId()
            + "]]></ToUserName><AgentID><![CDATA["
            + options.wecomAgentId()
            + "]]></AgentID><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";
    return new Prepared(uri, body.getBytes(StandardCharsets.UTF_8));
  }

  /** An event subscription callback (a directory change), each with its own {@code eventId}. */
  private Prepared dingtalkRequest() {
    long n = counter.getAndIncrement();
    long now = System.currentTimeMillis();
    String plain =
        "{\"EventType\":\"user_modify_org\",\"eventId\":\"bench-"
            + UUID.randomUUID()
            + "\",\"CorpId\":\"dingbenchcorp\",\"UserId\":[\"bench"
            + (n % 5000)
            + "\"],\"TimeStamp\":\""
            + now
            + "\"}";
    String encrypt = dingtalk.encrypt(random16(), plain);
    String ts = Long.toString(now);
    String nonce = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), 36);
    String uri =
        "/callbacks/dingtalk?msg_signature="
            + dingtalk.signature(ts, nonce, encrypt)
            + "&timeStamp="
            + ts
            + "&nonce="
            + nonce;
    return new Prepared(
        uri, ("{\"encrypt\":\"" + encrypt + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  // --- load
  // ---------------------------------------------------------------------------------------

  private void fire(
      HttpClient http,
      String target,
      LoadPhase phase,
      List<Prepared> requests,
      AtomicInteger checked,
      AtomicInteger badAnswers) {
    String contentType = "wecom".equals(target) ? "text/xml" : "application/json";
    HttpClient client = http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, contentType));
    AtomicInteger answered = new AtomicInteger();
    long start = System.nanoTime();
    phase.started(start);
    for (int i = 0; i < phase.planned; i++) {
      long scheduled = start + i * 1_000_000_000L / phase.rate;
      long now = System.nanoTime();
      while (now < scheduled) {
        LockSupport.parkNanos(scheduled - now);
        now = System.nanoTime();
      }
      phase.sent(now - scheduled);
      Prepared p = requests.get(i);
      client
          .post()
          .uri(p.uri())
          .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(p.body())))
          .responseSingle(
              (response, content) ->
                  content
                      .asString()
                      .defaultIfEmpty("")
                      .map(text -> new Answer(response.status().code(), text)))
          .timeout(Duration.ofSeconds(options.responseTimeoutSeconds() + 5L))
          .subscribe(
              answer -> {
                long at = System.nanoTime();
                if (answer.status() == 200) {
                  phase.accepted(at - scheduled, at);
                  // Every VERIFY_EVERY-th answer is checked, spread over the phases.
                  if (answered.incrementAndGet() % VERIFY_EVERY == 1) {
                    checked.incrementAndGet();
                    if (!expected(target, answer.body())) {
                      badAnswers.incrementAndGet();
                    }
                  }
                } else {
                  phase.otherStatus(answer.status(), answer.body(), at);
                }
              },
              error -> phase.failed(error, System.nanoTime()));
    }
  }

  /** WeCom: an empty body. DingTalk: the encrypted "success" map, correctly signed. */
  private boolean expected(String target, String body) {
    if ("wecom".equals(target)) {
      return body.isEmpty();
    }
    try {
      JsonNode map = json.readTree(body);
      return "success"
          .equals(
              dingtalk.verifyAndDecrypt(
                  map.path("msg_signature").asString(""),
                  map.path("timeStamp").asString(""),
                  map.path("nonce").asString(""),
                  map.path("encrypt").asString("")));
    } catch (RuntimeException | CryptoException e) {
      return false;
    }
  }

  private record Answer(int status, String body) {}

  /** The total length of the inbound lanes; -1 when the gauges cannot be read. */
  private long laneBacklog(HttpClient http) {
    try {
      String text =
          http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.adminToken()))
              .get()
              .uri("/actuator/prometheus")
              .responseSingle((r, b) -> b.asString().defaultIfEmpty(""))
              .timeout(Duration.ofSeconds(10))
              .block();
      long total = 0;
      boolean seen = false;
      for (String line : text == null ? new String[0] : text.split("\n")) {
        Matcher m = LANE.matcher(line);
        if (m.find()) {
          seen = true;
          total += (long) Double.parseDouble(m.group(2));
        }
      }
      return seen ? total : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Waits (bounded) for the inbound lanes to drain before the next target; says how it went. */
  private String settle(HttpClient http) throws InterruptedException {
    long atEnd = laneBacklog(http);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(options.settleSeconds());
    long left = atEnd;
    int zeros = 0;
    while (System.nanoTime() < deadline) {
      left = laneBacklog(http);
      zeros = left == 0 ? zeros + 1 : 0;
      // The gauges refresh every 5 s: two zero readings 6 s apart.
      if (zeros >= 7) {
        break;
      }
      Thread.sleep(1_000);
    }
    return String.format(
        Locale.ROOT,
        "%,d entries in the inbound lanes at the end of the load; %,d after waiting %.0f s",
        atEnd,
        left,
        (System.nanoTime() - started) / 1e9);
  }

  // --- report
  // -------------------------------------------------------------------------------------

  private String report(
      Map<String, List<LoadPhase>> results,
      Map<String, String> verified,
      Map<String, String> backlog,
      Map<String, Long> standInCalls,
      String loadBefore,
      String loadAfter) {
    Report r = new Report();
    r.line(
        "## Callback acknowledgement — %s",
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneId.of("UTC"))
            .format(Instant.now()));
    r.line("");
    r.line("- server: %s (pid %d)", options.baseUrl(), serverPid);
    r.line("- generator: %s", Report.machine());
    r.line("- load average (1 min): %s before, %s after", loadBefore, loadAfter);
    r.line(
        "- open loop; latency from each request's scheduled send time; target p99 < %.0f ms",
        TARGET_P99_MS);
    for (Map.Entry<String, List<LoadPhase>> e : results.entrySet()) {
      String target = e.getKey();
      r.line("");
      r.line(
          "### %s",
          "wecom".equals(target)
              ? "WeCom `POST /callbacks/wecom/{agentId}` (encrypted text `/help` and"
                  + " `template_card_event`, alternating)"
              : "DingTalk `POST /callbacks/dingtalk` (encrypted event subscription; encrypted"
                  + " `success` answer)");
      r.line("");
      r.line(
          "| phase | offered req/s × s | sent | 200 | 200/s | other statuses | errors | p50 ms |"
              + " p90 ms | p99 ms | max ms | max send lag ms |");
      r.line("|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|");
      for (LoadPhase p : e.getValue()) {
        r.line(Report.phaseRow(p));
      }
      r.line("");
      for (LoadPhase p : e.getValue()) {
        r.line("- CPU, %s: %s", p.name, p.cpu());
        r.line("- slowest acknowledgement per second, %s (ms): %s", p.name, p.worstBySecond());
        if (!p.statusSamples().isEmpty()) {
          r.line("- %s, a sample answer per status: %s", p.name, p.statusSamples());
        }
        if (!p.errors().isEmpty()) {
          r.line("- %s, errors: %s", p.name, p.errors());
        }
      }
      r.line("- answers: %s", verified.get(target));
      r.line("- pipeline: %s", backlog.get(target));
      for (LoadPhase p : e.getValue()) {
        if (p.name.equals("warm-up")) {
          continue;
        }
        long[] l = p.sortedAcceptedLatencies();
        long p99 = Report.percentile(l, 0.99);
        boolean met =
            p99 >= 0
                && p99 / 1e6 < TARGET_P99_MS
                && p.acceptedCount() == p.planned
                && p.errors().isEmpty();
        r.line(
            "- %s: p99 %s ms, %,d of %,d acknowledged — target %s",
            p.name, Report.ms(p99), p.acceptedCount(), p.planned, Report.verdict(met));
      }
    }
    r.line("");
    r.line("Calls the platform stand-in received (the server's outbound sends): %s", standInCalls);
    return r.toString();
  }

  // --- options
  // ------------------------------------------------------------------------------------

  static Options parse(String[] args) {
    Map<String, String> given = BenchSupport.arguments(args);
    URI baseUrl =
        URI.create(text(given, "base-url", "http://127.0.0.1:8080").replaceAll("/+$", ""));
    List<String> targets = List.of(text(given, "targets", "dingtalk,wecom").split(","));
    for (String t : targets) {
      if (!t.equals("wecom") && !t.equals("dingtalk")) {
        throw new IllegalArgumentException(
            "--targets lists wecom and/or dingtalk, not '" + t + "'");
      }
    }
    Options o =
        new Options(
            baseUrl,
            number(given, "stand-in-port", 0, 1, 65_535),
            targets,
            number(given, "rate", 100, 1, 5_000),
            number(given, "seconds", 20, 1, 300),
            number(given, "spike-factor", 10, 1, 100),
            number(given, "spike-seconds", 10, 0, 300),
            number(given, "warmup-seconds", 10, 0, 300),
            number(given, "settle-seconds", 30, 0, 600),
            number(given, "max-connections", 512, 1, 10_000),
            number(given, "response-timeout", 10, 1, 120),
            Path.of(text(given, "report", "benchmarks/target/callback-report.md")),
            number(given, "server-pid", 0, 0, Integer.MAX_VALUE),
            Path.of(text(given, "server-pid-file", "")),
            number(given, "start-timeout", 60, 1, 3_600),
            text(given, "wecom-corp-id", "wwbench0000000001"),
            number(given, "wecom-agent-id", 1000002, 1, Integer.MAX_VALUE),
            text(given, "wecom-token", "benchtoken"),
            text(given, "wecom-aes-key", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"),
            text(given, "dingtalk-client-id", "dingbenchclient"),
            text(given, "dingtalk-token", "benchtoken"),
            text(given, "dingtalk-aes-key", "1234567890123456789012345678901234567890123"),
            // /actuator/prometheus answers only with the admin token (bench-server.sh sets it)
            text(given, "admin-token", "bench-token"));
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("unknown argument(s): " + given.keySet());
    }
    if (o.standInPort() == 0) {
      throw new IllegalArgumentException("--stand-in-port is required");
    }
    long perTarget =
        (long) o.rate() * (o.seconds() + o.warmupSeconds())
            + (long) o.rate() * o.spikeFactor() * o.spikeSeconds();
    if (perTarget * targets.size() > MAX_REQUESTS) {
      throw new IllegalArgumentException(
          "the run would send "
              + perTarget * targets.size()
              + " requests; at most "
              + MAX_REQUESTS);
    }
    BenchSupport.requireLoopback(baseUrl);
    return o;
  }
}
