package io.salesbot.bench;

import static io.salesbot.bench.BenchSupport.number;
import static io.salesbot.bench.BenchSupport.text;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14's third benchmark: {@code /publish} of a month for {@code --reps} reps (5,000) in teams
 * of 50, through the server's real outbox and send budgets (Redis) to the WeCom and DingTalk
 * stand-in on loopback. With {@code --write-config=FILE} it only writes the server's extra
 * configuration (the teams, the records source, the publisher) and exits; scripts/bench-publish.sh
 * runs it that way before starting the server, then for the measurement.
 *
 * <p>The measurement: one contract per rep through the signed {@code POST /api/v1/records}; then
 * {@code /publish <period>} typed by the publisher in the sandbox chat; the stand-in notes every
 * card call (its time, path and recipients) until every rep and every team manager has had a card
 * (or {@code --timeout}), then {@code --settle-seconds} more to catch duplicates. Reported: time
 * from {@code /publish} to the answer and to the last card, cards/s, calls per platform API in the
 * worst window of each budget against the budget, cards per person, the server's memory.
 */
public final class PublishBenchmark {
  /** WeCom: per corp per API, 10,000 a minute (docs/platforms/wecom.md). */
  static final int WECOM_API_PER_MINUTE = 10_000;

  /** DingTalk: per API, 20 calls in any second (docs/platforms/dingtalk.md). */
  static final int DINGTALK_API_PER_SECOND = 20;

  /** Per person: WeCom 30 a minute, DingTalk 20 a minute. */
  static final int DINGTALK_PERSON_PER_MINUTE = 20;

  static final int WECOM_MEMBER_PER_MINUTE = 30;

  private static final String SECRET = "bench-records-secret";

  /** The records source {@code bench} the configuration declares, with {@link #SECRET}. */
  private static final BenchSupport.Signer RECORDS = new BenchSupport.Signer("bench", SECRET);

  private static final String WECOM_SEND = "/cgi-bin/message/send";
  private static final String DINGTALK_CARD = "/v1.0/card/instances/createAndDeliver";

  private record Options(
      URI baseUrl,
      int standInPort,
      int reps,
      int dingtalkReps,
      int teamSize,
      YearMonth period,
      int timeoutSeconds,
      int settleSeconds,
      long serverPid,
      Path serverPidFile,
      int startTimeoutSeconds,
      Path report,
      Path writeConfig,
      String records,
      int postgresPort,
      Path dataDir) {
    int teams() {
      return (reps + teamSize - 1) / teamSize;
    }

    /** Rep i (0-based): the first {@code dingtalkReps} on DingTalk, the others on WeCom. */
    String rep(int i) {
      return i < dingtalkReps
          ? String.format(Locale.ROOT, "dingtalk:d%05d", i)
          : String.format(Locale.ROOT, "wecom:r%05d", i);
    }

    String manager(int team) {
      return String.format(Locale.ROOT, "wecom:m%03d", team);
    }

    /** Person-sends a day for a corp with one seat per rep and manager on WeCom: seats × 200. */
    int wecomDailySends() {
      return (reps - dingtalkReps + teams() + 1) * 200;
    }
  }

  /**
   * One card call the stand-in received; {@code key} is the card's WeCom {@code task_id} or
   * DingTalk {@code outTrackId}: a repeat of a call with the same key is shown once by the
   * platform.
   */
  private record Call(long nanos, String path, List<String> recipients, String key) {}

  private final Options options;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> cardsPer = new ConcurrentHashMap<>();
  private final java.util.Set<String> shown = ConcurrentHashMap.newKeySet();
  private final LongAdder repeats = new LongAdder();
  private final LongAdder repsReached = new LongAdder();
  private final LongAdder managersReached = new LongAdder();
  private volatile long lastCard;

  private PublishBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PublishBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try {
      PublishBenchmark b = new PublishBenchmark(options);
      code = options.writeConfig() != null ? b.writeConfig() : b.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (RuntimeException | IOException e) {
      System.err.println("PublishBenchmark failed: " + e);
      code = 1;
    }
    System.exit(code);
  }

  // --- the server's configuration
  // ----------------------------------------------------------------

  private int writeConfig() throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("salesbot:\n");
    y.append("  scorecards:\n    publishers: [\"sandbox:boss\"]\n");
    y.append("  intake:\n    sources:\n      bench:\n");
    y.append("        secret: ").append(SECRET).append("\n        records: true\n");
    y.append("  teams:\n");
    // the publisher: a sandbox user (the sandbox knows the people of the teams), with one rep
    y.append("    hq:\n      name: 总部\n      manager: \"sandbox:boss\"\n      manager-name: 总经理\n");
    y.append("      members:\n        - { id: \"sandbox:hq\", name: 总部助理 }\n");
    for (int t = 0; t < options.teams(); t++) {
      y.append(String.format(Locale.ROOT, "    t%03d:%n", t));
      y.append(String.format(Locale.ROOT, "      name: 销售%03d组%n", t));
      y.append("      manager: \"").append(options.manager(t)).append("\"\n");
      y.append("      members:\n");
      for (int i = t * options.teamSize();
          i < Math.min(options.reps(), (t + 1) * options.teamSize());
          i++) {
        y.append("        - { id: \"")
            .append(options.rep(i))
            .append(String.format(Locale.ROOT, "\", name: 销售%05d }%n", i));
      }
    }
    Files.writeString(options.writeConfig(), y.toString(), StandardCharsets.UTF_8);
    System.out.println(options.wecomDailySends());
    return 0;
  }

  // --- the run
  // -------------------------------------------------------------------------------------

  private int run() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (PlatformStandIn standIn = new PlatformStandIn(options.standInPort(), this::noted)) {
      if (!up(http)) {
        System.err.println("PublishBenchmark: " + options.baseUrl() + " is not UP");
        return 1;
      }
      long serverPid = BenchSupport.serverPid(options.serverPid(), options.serverPidFile());
      String loadBefore = Report.loadAverage();
      long ingestStart = System.nanoTime();
      Map<String, Integer> statuses =
          options.records().equals("api") ? sendRecords(http) : insertRecords();
      double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
      System.err.printf(
          Locale.ROOT, "PublishBenchmark: records in %.1f s: %s%n", ingestSeconds, statuses);

      CpuMeter cpu = new CpuMeter(serverPid);
      CpuMeter.Sample cpuBefore = cpu.sample();
      calls.clear();
      String command = "/publish " + options.period();
      long t0 = System.nanoTime();
      say(http, command);
      double answered = awaitAnswer(http, t0);
      long deadline = t0 + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
      long expectedReps = options.reps();
      long expectedManagers = options.teams();
      while ((repsReached.sum() < expectedReps || managersReached.sum() < expectedManagers)
          && System.nanoTime() < deadline) {
        Thread.sleep(100); // polling the stand-in's counts: a report, not a test
      }
      boolean complete =
          repsReached.sum() >= expectedReps && managersReached.sum() >= expectedManagers;
      long last = lastCard;
      CpuMeter.Sample cpuDone = cpu.sample();
      String cpuText = CpuMeter.describe(cpuBefore, cpuDone);
      System.err.printf(
          Locale.ROOT,
          "PublishBenchmark: %s; settling %d s for duplicates%n",
          complete ? "every card arrived" : "timed out",
          options.settleSeconds());
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.settleSeconds()));
      String memory = memory(serverPid);
      String report =
          report(
              t0,
              answered,
              complete,
              last,
              statuses,
              ingestSeconds,
              cpuText,
              memory,
              loadBefore,
              Report.loadAverage(),
              standIn.calls());
      System.out.print(report);
      System.out.flush();
      Path file = options.report().toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, report, StandardCharsets.UTF_8);
      System.err.println("PublishBenchmark: report written to " + file);
      return 0;
    }
  }

  /** The stand-in's listener: notes card calls with their recipients. */
  private void noted(String path, byte[] body) {
    if (!path.equals(WECOM_SEND) && !path.equals(DINGTALK_CARD)) {
      if (path.startsWith("/v1.0/robot/") || path.startsWith("/cgi-bin/message/")) {
        calls.add(new Call(System.nanoTime(), path, List.of(), ""));
      }
      return;
    }
    List<String> to = new ArrayList<>();
    boolean card;
    String key;
    try {
      JsonNode n = json.readTree(body);
      if (path.equals(WECOM_SEND)) {
        card = "template_card".equals(n.path("msgtype").asString(""));
        key = n.path("template_card").path("task_id").asString("");
        for (String u : n.path("touser").asString("").split("\\|")) {
          if (!u.isBlank()) {
            to.add("wecom:" + u);
          }
        }
      } else {
        card = true;
        key = n.path("outTrackId").asString("");
        String spaces = n.path("openSpaceId").asString("");
        for (String s : spaces.substring(spaces.indexOf("//") + 2).split(";")) {
          if (s.startsWith("IM_ROBOT.")) {
            to.add("dingtalk:" + s.substring("IM_ROBOT.".length()));
          }
        }
      }
    } catch (RuntimeException e) {
      System.err.println("PublishBenchmark: unreadable call to " + path + ": " + e);
      return;
    }
    calls.add(new Call(System.nanoTime(), path, List.copyOf(to), key));
    if (!card) {
      return;
    }
    for (String r : to) {
      if (!shown.add(r + " " + key)) {
        repeats.increment(); // the same card again (a retry after a time-out): shown once
        continue;
      }
      LongAdder n = cardsPer.computeIfAbsent(r, k -> new LongAdder());
      n.increment();
      if (n.sum() == 1) {
        (r.startsWith("wecom:m") ? managersReached : repsReached).increment();
        lastCard = System.nanoTime();
      }
    }
  }

  /**
   * Whether the server is UP within --start-timeout: the stand-in runs already, so the server finds
   * the platforms' APIs from its start (DingTalk's card callback is registered then).
   */
  private boolean up(HttpClient http) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.startTimeoutSeconds());
    while (System.nanoTime() < until) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(options.baseUrl().resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.body().contains("\"status\":\"UP\"")) {
          return true;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(500);
    }
    return false;
  }

  /**
   * One contract per rep on the 10th of the month, 1,000 per signed request, the requests at once
   * (each record is stored in its own transaction: one request at a time would wait on them).
   */
  private Map<String, Integer> sendRecords(HttpClient http) {
    String at = options.period().atDay(10) + "T10:00:00+08:00";
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int from = 0; from < options.reps(); from += 1000) {
      StringBuilder b = new StringBuilder("{\"records\":[");
      for (int i = from; i < Math.min(options.reps(), from + 1000); i++) {
        if (i > from) {
          b.append(',');
        }
        // amounts spread so that composites and ranks differ
        long amount = 10_000 + (i * 7919L) % 490_000;
        b.append("{\"type\":\"contract\",\"externalId\":\"bench-c-")
            .append(options.period())
            .append('-')
            .append(i)
            .append("\",\"rep\":\"")
            .append(options.rep(i))
            .append("\",\"occurredAt\":\"")
            .append(at)
            .append("\",\"backfill\":true,\"customer\":\"客户")
            .append(i)
            .append("\",\"amount\":")
            .append(amount)
            .append('}');
      }
      byte[] body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
      answers.add(
          http.sendAsync(
              RECORDS
                  .sign(body)
                  .request(options.baseUrl().resolve("/api/v1/records"))
                  .timeout(Duration.ofSeconds(options.timeoutSeconds()))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Map<String, Integer> statuses = new TreeMap<>();
    for (var answer : answers) {
      HttpResponse<String> r = answer.join();
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "POST /api/v1/records answered " + r.statusCode() + ": " + r.body());
      }
      for (JsonNode n : json.readTree(r.body()).path("results")) {
        statuses.merge(n.path("status").asString("?"), 1, Integer::sum);
      }
    }
    return statuses;
  }

  /**
   * The same contracts written straight into the server's PostgreSQL as accepted records (like
   * ScoreBenchmark): the record API at this machine's load would take minutes, and this benchmark
   * is about the cards.
   */
  private Map<String, Integer> insertRecords() throws IOException {
    Path passwordFile;
    try (var files = Files.walk(options.dataDir())) {
      passwordFile =
          files
              .filter(f -> f.getFileName().toString().equals("postgres.password"))
              .findFirst()
              .orElseThrow(
                  () -> new IOException("no postgres.password under " + options.dataDir()));
    }
    String password = Files.readString(passwordFile).strip();
    String rep =
        "CASE WHEN g < "
            + options.dingtalkReps()
            + " THEN 'dingtalk:d' ELSE 'wecom:r' END || lpad(g::text, 5, '0')";
    String sql =
        "INSERT INTO record_versions (source, external_id, version, current, type, rep,"
            + " occurred_at, deleted, backfill, contract_ref, fields, status, reason_rules,"
            + " reason_details, received_at)"
            + " SELECT 'bench', 'bench-c-"
            + options.period()
            + "-' || g, 1, true, 'contract', "
            + rep
            + ", timestamptz '"
            + options.period().atDay(10)
            + " 10:00:00+08', false, true, NULL, jsonb_build_object('customer', '客户' || g,"
            + " 'amount', (10000 + (g * 7919) % 490000)::text || '.00'), 'accepted', '{}', '{}',"
            + " now() FROM generate_series(0, "
            + (options.reps() - 1)
            + ") g";
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + options.postgresPort() + "/salesbot",
                "postgres",
                password);
        java.sql.Statement st = c.createStatement()) {
      int n = st.executeUpdate(sql);
      st.execute("ANALYZE record_versions");
      return Map.of("inserted", n);
    } catch (java.sql.SQLException e) {
      throw new IOException("could not write the records: " + e.getMessage(), e);
    }
  }

  private void say(HttpClient http, String text) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(options.baseUrl().resolve("/sandbox/users/boss/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(Map.of("text", text))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("the sandbox answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Seconds from {@code t0} to the publisher's answer in the sandbox; -1 when none came. */
  private double awaitAnswer(HttpClient http, long t0) throws IOException, InterruptedException {
    long until = t0 + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
    while (System.nanoTime() < until) {
      HttpResponse<String> r;
      try {
        r =
            http.send(
                HttpRequest.newBuilder(options.baseUrl().resolve("/sandbox/users/boss/inbox"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (java.net.http.HttpTimeoutException slow) {
        continue; // a starved server answers late; ask again (a 2026-12-02 run hung here)
      }
      if (r.statusCode() == 200 && r.body().contains(options.period() + " 绩效已发布")) {
        return (System.nanoTime() - t0) / 1e9;
      }
      Thread.sleep(100);
    }
    return -1;
  }

  // --- the report
  // ---------------------------------------------------------------------------------

  private String report(
      long t0,
      double answered,
      boolean complete,
      long last,
      Map<String, Integer> statuses,
      double ingestSeconds,
      String cpu,
      String memory,
      String loadBefore,
      String loadAfter,
      Map<String, Long> standInCalls) {
    Report r = new Report();
    int wecomPeople = options.reps() - options.dingtalkReps() + options.teams();
    r.line(
        "# Publishing %,d scorecards through the send budgets, %s",
        options.reps(), java.time.Instant.now().atZone(ZoneId.of("UTC")).toLocalDateTime());
    r.line("");
    r.line("- machine: %s", Report.machine());
    r.line("- load average (1 min): %s before, %s after", loadBefore, loadAfter);
    r.line(
        "- data: %,d reps in %d teams of %d (%,d on DingTalk, %,d on WeCom; the %d managers on"
            + " WeCom), one contract each in %s (--records=%s: %s) in %.1f s",
        options.reps(),
        options.teams(),
        options.teamSize(),
        options.dingtalkReps(),
        options.reps() - options.dingtalkReps(),
        options.teams(),
        options.period(),
        options.records().equals("api")
            ? "through the signed POST /api/v1/records"
            : "written straight into PostgreSQL",
        statuses,
        ingestSeconds);
    r.line(
        "- budgets: WeCom %,d calls a minute per API, %d a minute per member, %,d person-sends a"
            + " day (salesbot.wecom.daily-sends = 200 × %,d seats); DingTalk %d calls a second per"
            + " API (monthly quota off), %d a minute per person",
        WECOM_API_PER_MINUTE,
        WECOM_MEMBER_PER_MINUTE,
        options.wecomDailySends(),
        options.wecomDailySends() / 200,
        DINGTALK_API_PER_SECOND,
        DINGTALK_PERSON_PER_MINUTE);
    r.line("");
    long cards = cardsPer.values().stream().mapToLong(LongAdder::sum).sum();
    double lastSeconds = last == 0 ? -1 : (last - t0) / 1e9;
    r.line("| figure | value |");
    r.line("|---|---:|");
    r.line("| `/publish` → the publisher's answer | %.2f s |", answered);
    r.line(
        "| `/publish` → last card delivered%s | **%.1f s** |",
        complete ? "" : " (TIMED OUT: not every card came)", lastSeconds);
    r.line(
        "| reps with a scorecard card / expected | %,d / %,d |", repsReached.sum(), options.reps());
    r.line(
        "| managers with a leaderboard card / expected | %d / %d |",
        managersReached.sum(), options.teams());
    r.line(
        "| scorecard cards/s (reps reached ÷ time to the last card) | %.0f |",
        lastSeconds > 0 ? repsReached.sum() / lastSeconds : 0);
    long dupes = cardsPer.values().stream().filter(n -> n.sum() > 1).count();
    long maxPer = cardsPer.values().stream().mapToLong(LongAdder::sum).max().orElse(0);
    r.line(
        "| cards shown (distinct person and card key, incl. %d s settling) / people shown more"
            + " than one card (most for one) | %,d / **%d** (%d) |",
        options.settleSeconds(), cards, dupes, maxPer);
    r.line(
        "| repeated calls of a card already sent (same task_id / outTrackId: the platform shows"
            + " it once) | %,d |",
        repeats.sum());
    r.line("| server CPU from `/publish` to the last card | %s |", cpu);
    r.line("| server memory at the end | %s |", memory);
    r.line("");
    r.line("Calls per platform API in the worst window of each budget (times of arrival at the");
    r.line("stand-in, so delays between the budget and the stand-in can only add to them):");
    r.line("");
    r.line("| platform API | calls | worst window | budget | overruns |");
    r.line("|---|---:|---:|---:|---:|");
    Map<String, List<Long>> byPath = new TreeMap<>();
    Map<String, List<Long>> byPerson = new HashMap<>();
    for (Call c : calls) {
      byPath.computeIfAbsent(c.path(), k -> new ArrayList<>()).add(c.nanos());
      for (String p : c.recipients()) {
        byPerson.computeIfAbsent(p, k -> new ArrayList<>()).add(c.nanos());
      }
    }
    for (Map.Entry<String, List<Long>> e : byPath.entrySet()) {
      boolean dingtalk = e.getKey().startsWith("/v1.0/");
      Duration window = dingtalk ? Duration.ofSeconds(1) : Duration.ofMinutes(1);
      int budget = dingtalk ? DINGTALK_API_PER_SECOND : WECOM_API_PER_MINUTE;
      int worst = worstWindow(e.getValue(), window);
      r.line(
          "| %s %s | %,d | %,d in %s | %,d in %s | %s |",
          dingtalk ? "DingTalk" : "WeCom",
          e.getKey(),
          e.getValue().size(),
          worst,
          window.toSeconds() + " s",
          budget,
          window.toSeconds() + " s",
          worst > budget ? "**" + (worst - budget) + "**" : "0");
    }
    int worstPerson = 0;
    for (List<Long> times : byPerson.values()) {
      worstPerson = Math.max(worstPerson, worstWindow(times, Duration.ofMinutes(1)));
    }
    r.line(
        "| per person, both platforms | %,d people | %d in 60 s | %d in 60 s | %s |",
        byPerson.size(),
        worstPerson,
        DINGTALK_PERSON_PER_MINUTE,
        worstPerson > DINGTALK_PERSON_PER_MINUTE ? "**yes**" : "0");
    long wecomRecipients =
        calls.stream()
            .filter(c -> c.path().equals(WECOM_SEND))
            .mapToLong(c -> c.recipients().size())
            .sum();
    r.line(
        "| WeCom person-sends in the run (day budget) | %,d | | %,d a day | %s |",
        wecomRecipients,
        options.wecomDailySends(),
        wecomRecipients > options.wecomDailySends() ? "**yes**" : "0");
    r.line("");
    r.line("What the budgets allow (token buckets of a third at once, the rest refilled over the");
    r.line("window, so at most the limit in any window):");
    r.line("");
    int wecomCalls = options.reps() - options.dingtalkReps() + options.teams();
    double wecomFloor =
        Math.max(0, wecomCalls - WECOM_API_PER_MINUTE / 3.0)
            / (WECOM_API_PER_MINUTE - WECOM_API_PER_MINUTE / 3)
            * 60;
    int dtBurst = DINGTALK_API_PER_SECOND / 3;
    double dingtalkFloor =
        Math.max(0, options.dingtalkReps() - dtBurst)
            / (double) (DINGTALK_API_PER_SECOND - dtBurst);
    r.line(
        "- WeCom: %,d card calls (one per rep, one per manager) at %,d at once then %,d a minute:"
            + " at least %.1f s",
        wecomCalls,
        WECOM_API_PER_MINUTE / 3,
        WECOM_API_PER_MINUTE - WECOM_API_PER_MINUTE / 3,
        wecomFloor);
    r.line(
        "- DingTalk: %,d card calls at %d at once then %d a second: at least %.1f s",
        options.dingtalkReps(), dtBurst, DINGTALK_API_PER_SECOND - dtBurst, dingtalkFloor);
    r.line(
        "- so the budgets allow the last card at about **%.0f s** (the platforms send in"
            + " parallel); measured %.1f s",
        Math.max(wecomFloor, dingtalkFloor), lastSeconds);
    r.line("");
    r.line("Calls the platform stand-in received, per path: %s", standInCalls);
    r.line("");
    r.line("Cards delivered over time (people reached, by seconds after `/publish`):");
    r.line("");
    r.line("| by s | people reached |");
    r.line("|---:|---:|");
    List<Long> firsts = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    calls.stream()
        .filter(c -> c.path().equals(WECOM_SEND) || c.path().equals(DINGTALK_CARD))
        .sorted(java.util.Comparator.comparingLong(Call::nanos))
        .forEach(
            c -> {
              for (String p : c.recipients()) {
                if (seen.put(p, true) == null) {
                  firsts.add(c.nanos() - t0);
                }
              }
            });
    if (!firsts.isEmpty()) {
      long end = firsts.get(firsts.size() - 1);
      int steps = 10;
      for (int i = 1; i <= steps; i++) {
        long upTo = end * i / steps;
        long n = firsts.stream().filter(x -> x <= upTo).count();
        r.line("| %.1f | %,d |", upTo / 1e9, n);
      }
    }
    return r.toString();
  }

  /** The most of {@code times} (nanos) in any window of {@code window}. */
  static int worstWindow(List<Long> times, Duration window) {
    List<Long> sorted = new ArrayList<>(times);
    sorted.sort(null);
    long w = window.toNanos();
    int worst = 0;
    int from = 0;
    for (int to = 0; to < sorted.size(); to++) {
      while (sorted.get(to) - sorted.get(from) >= w) {
        from++;
      }
      worst = Math.max(worst, to - from + 1);
    }
    return worst;
  }

  private static String memory(long pid) {
    if (pid <= 0) {
      return "unknown (no --server-pid)";
    }
    try {
      StringBuilder b = new StringBuilder();
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
          b.append(line.replaceAll("\\s+", " ")).append("; ");
        }
      }
      return b.toString().strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  // --- options
  // ------------------------------------------------------------------------------------

  static Options parse(String[] args) {
    Map<String, String> given = BenchSupport.arguments(args);
    URI baseUrl =
        URI.create(text(given, "base-url", "http://127.0.0.1:8080").replaceAll("/+$", ""));
    String period =
        text(given, "period", YearMonth.now(ZoneId.of("Asia/Shanghai")).minusMonths(1).toString());
    YearMonth month;
    try {
      month = YearMonth.parse(period);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("--period must be YYYY-MM, not '" + period + "'");
    }
    int reps = number(given, "reps", 5_000, 1, 50_000);
    String write = text(given, "write-config", "");
    Options o =
        new Options(
            baseUrl,
            number(given, "stand-in-port", 0, 0, 65_535),
            reps,
            number(given, "dingtalk-reps", 500, 0, reps),
            number(given, "team-size", 50, 1, 1_000),
            month,
            number(given, "timeout", 900, 10, 3_600),
            number(given, "settle-seconds", 10, 0, 300),
            number(given, "server-pid", 0, 0, Integer.MAX_VALUE),
            Path.of(text(given, "server-pid-file", "")),
            number(given, "start-timeout", 300, 1, 3_600),
            Path.of(text(given, "report", "benchmarks/target/publish-report.md")),
            write.isEmpty() ? null : Path.of(write),
            text(given, "records", "sql"),
            number(given, "postgres-port", 0, 0, 65_535),
            Path.of(text(given, "data-dir", "")));
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("unknown argument(s): " + given.keySet());
    }
    if (!o.records().equals("sql") && !o.records().equals("api")) {
      throw new IllegalArgumentException("--records is sql or api, not '" + o.records() + "'");
    }
    if (o.writeConfig() == null && o.records().equals("sql") && o.postgresPort() == 0) {
      throw new IllegalArgumentException("--records=sql needs --postgres-port and --data-dir");
    }
    if (o.writeConfig() == null && o.standInPort() == 0) {
      throw new IllegalArgumentException("--stand-in-port is required");
    }
    BenchSupport.requireLoopback(baseUrl);
    return o;
  }
}
