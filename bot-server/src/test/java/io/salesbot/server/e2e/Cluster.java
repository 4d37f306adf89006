package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.salesbot.core.lead.IntakeSignature;
import io.salesbot.server.devservices.DevPostgres;
import io.salesbot.server.devservices.DevRedis;
import io.salesbot.server.devservices.DevServices;
import io.salesbot.server.e2e.ServerInstances.Instance;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the multi-instance and fault tests share: a fresh database in the embedded PostgreSQL and a
 * key prefix of its own in the embedded Redis (so nothing else in the test JVM sees this run's
 * leads, timers or streams), WireMock standing in for WeCom, {@code n} server processes on them, a
 * WeCom grab team of three with a short response SLA and a sandbox grab team of three, and the
 * checks: leads per intake, audit entries, WeCom calls as WireMock saw them.
 */
final class Cluster implements AutoCloseable {
  static final String TOKEN = WecomCallbackSigning.TOKEN;
  static final String AES_KEY = WecomCallbackSigning.AES_KEY;
  static final String CORP_ID = WecomCallbackSigning.CORP_ID;
  static final int AGENT_ID = WecomCallbackSigning.AGENT_ID;
  static final String SEND = "/cgi-bin/message/send";
  static final String UPDATE = "/cgi-bin/message/update_template_card";
  static final String ADS_SECRET = "ads-secret-456";
  static final String WEB_SECRET = "web-secret-123";
  static final String ADMIN = "Bearer test-admin-token";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One acknowledged lead: its intake id, its team, its name, the instance that took it. */
  record Sent(String intakeId, Team team, String name, String instance) {}

  /** One WeCom API call as WireMock saw it. */
  record Call(String path, JsonNode body, Instant at, boolean delivered) {
    String touser() {
      return body.path("touser").asString("");
    }

    JsonNode card() {
      return body.path("template_card");
    }

    String taskId() {
      return card().path("task_id").asString("");
    }

    /** The card's id and version ({@code <cardId>@<version>}), or "" for a text. */
    String cardVersion() {
      String task = taskId();
      int second = task.indexOf('@', task.indexOf('@') + 1);
      return second < 0 ? task : task.substring(0, second);
    }

    List<String> recipients() {
      List<String> people = new ArrayList<>();
      if (!touser().isEmpty()) {
        people.addAll(List.of(touser().split("\\|")));
      }
      body.path("userids").forEach(n -> people.add(n.asString()));
      return people;
    }

    /** What makes a send the same message: the card version, or the text. */
    String what() {
      String version = cardVersion();
      return version.isEmpty() ? "text:" + body.path("text").path("content").asString("") : version;
    }
  }

  /** A team of the cluster: its id, platform, reps' user ids (without platform). */
  record Team(String id, String platform, List<String> reps, String manager) {
    String region() {
      return "region-" + id;
    }

    boolean wecom() {
      return platform.equals("wecom");
    }
  }

  final String run;

  /** WeCom grab team with a short response SLA: reminder after 3 s, escalation after 6 s. */
  final Team slaTeam;

  /** WeCom grab team without a response SLA (no reminders spending the members' budgets). */
  final Team wecomTeam;

  /** Sandbox grab team without a response SLA. */
  final Team sandboxTeam;

  final WireMockServer wecom;
  private final Path folder;
  private final String jdbcUrl;
  private final String dbPassword;
  private final ServerInstances servers;
  private final List<Instance> instances;
  private final Map<String, String> settings;

  private Cluster(String name, Path folder, int count) {
    this.run = name + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    this.folder = folder.resolve(run);
    this.slaTeam = team(run + "w", "wecom", 3);
    this.wecomTeam = team(run + "f", "wecom", 2);
    this.sandboxTeam = team(run + "s", "sandbox", 3);
    DevPostgres postgres = DevServices.postgres();
    DevRedis redis = DevServices.redis();
    this.dbPassword = postgres.password();
    String base = postgres.jdbcUrl();
    this.jdbcUrl = base.replace("/" + DevPostgres.DATABASE, "/" + run);
    try (Connection c = DriverManager.getConnection(base, DevPostgres.USERNAME, dbPassword);
        Statement s = c.createStatement()) {
      s.execute("create database " + run);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + run, e);
    }
    this.wecom = startWecom();
    this.settings = new LinkedHashMap<>();
    settings.put(
        "spring.r2dbc.url", postgres.r2dbcUrl().replace("/" + DevPostgres.DATABASE, "/" + run));
    settings.put("spring.r2dbc.username", DevPostgres.USERNAME);
    settings.put("spring.r2dbc.password", dbPassword);
    settings.put("spring.data.redis.host", redis.host());
    settings.put("spring.data.redis.port", Integer.toString(redis.port()));
    settings.put("spring.data.redis.password", redis.password());
    settings.put("salesbot.dev-services.enabled", "false");
    settings.put("salesbot.pipeline.key-prefix", run);
    settings.put("logging.level.root", "WARN");
    settings.put("logging.level.io.salesbot", "INFO");
    settings.put("salesbot.wecom.enabled", "true");
    settings.put("salesbot.wecom.corp-id", CORP_ID);
    settings.put("salesbot.wecom.api-base-url", wecom.baseUrl());
    settings.put("salesbot.wecom.apps." + AGENT_ID + ".secret", "e2e-secret");
    settings.put("salesbot.wecom.apps." + AGENT_ID + ".token", TOKEN);
    settings.put("salesbot.wecom.apps." + AGENT_ID + ".aes-key", AES_KEY);
    settings.put("salesbot.wecom.daily-sends", "100000");
    // Not the test profile's 3 s × 3 deliveries (handler timeout 2 s), which a busy 2-core machine
    // running three servers cannot keep: handlers time out, entries end in the dead letters and
    // sends whose handler gave up are made again. Half the production reclaim time instead
    // (handler timeout 10 s) and the production max-deliveries; the WeCom call timeout keeps
    // three attempts under the handler timeout, as docs/configuration.md asks.
    settings.put("salesbot.pipeline.reclaim-idle", "15s");
    settings.put("salesbot.pipeline.max-deliveries", "5");
    settings.put("salesbot.wecom.call-timeout", "3s");
    settings.put("salesbot.wecom.circuit-open-for", "5s");
    for (Team team : List.of(slaTeam, wecomTeam, sandboxTeam)) {
      configure(team);
    }
    settings.put("salesbot.routing.teams." + slaTeam.id() + ".response-sla", "6s");
    settings.put("salesbot.routing.teams." + slaTeam.id() + ".response-reminder-before", "3s");
    settings.put("salesbot.routing.teams." + wecomTeam.id() + ".response-sla", "0s");
    settings.put("salesbot.routing.teams." + sandboxTeam.id() + ".response-sla", "0s");
    this.servers = new ServerInstances(this.folder);
    // Three JVMs starting at once on a busy 2-core machine: minutes, not seconds.
    this.instances = servers.start(count, settings, Duration.ofMinutes(5));
  }

  private static Team team(String id, String platform, int size) {
    List<String> reps = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      reps.add(id + "r" + i);
    }
    return new Team(id, platform, List.copyOf(reps), id + "boss");
  }

  private void configure(Team team) {
    String t = "salesbot.teams." + team.id() + ".";
    settings.put(t + "name", team.id());
    settings.put(t + "regions[0]", team.region());
    settings.put(t + "manager", team.platform() + ":" + team.manager());
    settings.put(t + "manager-name", team.id() + "boss");
    for (int i = 0; i < team.reps().size(); i++) {
      settings.put(t + "members[" + i + "].id", team.platform() + ":" + team.reps().get(i));
      settings.put(t + "members[" + i + "].name", team.reps().get(i));
    }
  }

  static Cluster start(String name, Path folder, int count) {
    return new Cluster(name, folder, count);
  }

  List<Instance> instances() {
    return instances;
  }

  private static WireMockServer startWecom() {
    WireMockServer server = PlatformFlows.wireMock(new WecomSends());
    server.stubFor(
        get(urlPathEqualTo("/cgi-bin/gettoken"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"MI-TOKEN\",\"expires_in\":7200}")));
    server.stubFor(post(urlPathEqualTo(SEND)).willReturn(sendOk()));
    server.stubFor(
        post(urlPathEqualTo(UPDATE))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":[]}")));
    return server;
  }

  // --- faults -------------------------------------------------------------------------------

  /** WeCom's {@code message/send} from now on answers with {@code answer} (a fault). */
  void wecomSendAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
    wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(answer));
  }

  /** WeCom carries out every send (as {@link WecomSends}) but answers only after {@code delay}. */
  void wecomSendAnswersLate(Duration delay) {
    wecomSendAnswers(sendOk().withTransformerParameter(WecomSends.DELAY, (int) delay.toMillis()));
  }

  /** WeCom's {@code message/send} works again. */
  void wecomSendWorks() {
    wecom.stubFor(post(urlPathEqualTo(SEND)).willReturn(sendOk()));
  }

  /** SIGKILL to Redis (no shutdown save; what it acknowledged is in its append-only file). */
  static void killRedis() {
    DevRedis redis = DevServices.redis();
    long pid = pidIn(redis.dataDirectory().resolve("redis.pid"));
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    // Let the embedded-redis handle notice, so that start() launches it again.
    redis.stop();
  }

  /**
   * SIGKILL to one PostgreSQL backend: the postmaster then ends every other connection, replays its
   * write-ahead log and accepts connections again (a crash restart, as after a server crash).
   */
  static void crashPostgres() {
    long postmaster = pidIn(DevServices.postgres().dataDirectory().resolve("postmaster.pid"));
    List<ProcessHandle> children = ProcessHandle.of(postmaster).orElseThrow().children().toList();
    ProcessHandle backend =
        children.stream()
            .filter(p -> commandLine(p).contains(" idle"))
            .findFirst()
            .or(
                () ->
                    children.stream()
                        .filter(p -> commandLine(p).contains("checkpointer"))
                        .findFirst())
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no PostgreSQL backend to kill among "
                            + children.stream().map(Cluster::commandLine).toList()));
    backend.destroyForcibly();
  }

  /** The process title PostgreSQL shows for a process (its rewritten argv). */
  private static String commandLine(ProcessHandle process) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static long pidIn(Path file) {
    try {
      return Long.parseLong(Files.readAllLines(file).get(0).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sendOk() {
    return aResponse().withTransformers(WecomSends.NAME);
  }

  /**
   * WeCom's {@code message/send} as WeCom documents it (path/90236): a template card's {@code
   * task_id} is taken once per app, so the first request with it is carried out and answered with
   * errcode 0 (a fresh {@code msgid} and {@code response_code}), and every later one is refused
   * with 42014 — the answer salesbot reads as "used before" (the code is unverified, see
   * docs/platforms/wecom.md); texts are carried out every time. With the stub's {@value #DELAY}
   * parameter it answers that many milliseconds late (a late-answer fault). Taking is atomic, as it
   * is on WeCom's side, so "delivered" in {@link #sends} means "shown to the recipients".
   */
  static final class WecomSends
      implements com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2 {
    static final String NAME = "wecom-sends";
    static final String DELAY = "delay";
    private final Set<String> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public com.github.tomakehurst.wiremock.http.ResponseDefinition transform(ServeEvent event) {
      String body = event.getRequest().getBodyAsString();
      String taskId =
          body == null || body.isBlank()
              ? ""
              : JSON.readTree(body).path("template_card").path("task_id").asString("");
      boolean carriedOut = taskId.isEmpty() || taken.add(taskId);
      var answer =
          aResponse()
              .withStatus(200)
              .withHeader("Content-Type", "application/json")
              .withBody(
                  carriedOut
                      ? "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG-"
                          + java.util.UUID.randomUUID()
                          + "\",\"response_code\":\"RC-SEND-"
                          + java.util.UUID.randomUUID()
                          + "\"}"
                      : "{\"errcode\":42014,\"errmsg\":\"invalid task_id\"}");
      // A stub without transformer parameters has none (null), not an empty set.
      var parameters = event.getResponseDefinition().getTransformerParameters();
      Object delay = parameters == null ? null : parameters.get(DELAY);
      if (delay != null) {
        answer = answer.withFixedDelay(Integer.parseInt(delay.toString()));
      }
      return answer.build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  // --- traffic in ---------------------------------------------------------------------------

  /**
   * Sends lead number {@code i} to instance {@code i % n}; when that instance does not answer (it
   * was killed), to the next one, as a load balancer would retry. Returns the acknowledged lead.
   */
  Sent submit(List<Instance> to, int i, Team team, String name) {
    String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    String body =
        "{\"name\":\""
            + name
            + "\",\"phone\":\""
            + phone
            + "\",\"region\":\""
            + team.region()
            + "\",\"product\":\"CRM\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // Every other lead is hot (the web source is high-intent), so both lanes carry the burst.
    boolean hot = i % 2 == 0;
    String source = hot ? "web" : "ads";
    String signature =
        IntakeSignature.sign(hot ? WEB_SECRET : ADS_SECRET, Instant.now().getEpochSecond(), bytes);
    for (int attempt = 0; attempt < to.size(); attempt++) {
      Instance instance = to.get((i + attempt) % to.size());
      try {
        HttpResponse<String> answer =
            HTTP.send(
                HttpRequest.newBuilder(instance.uri("/api/v1/leads"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Salesbot-Source", source)
                    .header("X-Salesbot-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 202) {
          String intakeId = JSON.readTree(answer.body()).path("intakeId").asString();
          return new Sent(intakeId, team, name, instance.name);
        }
      } catch (IOException e) {
        // not acknowledged: try the next instance
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no instance acknowledged lead " + i);
  }

  /** Clicks the Claim button of {@code offer} as {@code rep}, through {@code instance}. */
  void claimByClick(Instance instance, String rep, Call offer, String leadId) {
    String key =
        buttonKey(offer, "claim", leadId)
            .orElseThrow(() -> new AssertionError("no Claim button on " + offer.card()));
    WecomCallbackSigning.Callback click =
        WecomCallbackSigning.encrypted(
            WecomCallbackSigning.clickXml(
                rep, offer.taskId(), key, "RC-CLICK-" + rep + "-" + System.nanoTime()));
    HttpResponse<String> answer =
        PlatformFlows.send(
            HttpRequest.newBuilder(instance.uri(click.pathAndQuery()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(click.body(), StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError("click answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private static Optional<String> buttonKey(Call card, String action, String payload) {
    for (JsonNode b : card.card().path("button_list")) {
      String key = b.path("key").asString("");
      if (key.startsWith("s1.")) {
        String text =
            new String(
                Base64.getUrlDecoder().decode(key.substring("s1.".length())),
                StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        if (text.substring(0, nl).equals(action) && text.substring(nl + 1).equals(payload)) {
          return Optional.of(key);
        }
      }
    }
    return Optional.empty();
  }

  // --- what WeCom saw -----------------------------------------------------------------------

  /** Every send and card update, oldest first. */
  List<Call> sends() {
    List<ServeEvent> events = new ArrayList<>(wecom.getAllServeEvents());
    java.util.Collections.reverse(events);
    List<Call> out = new ArrayList<>();
    for (ServeEvent e : events) {
      String url = e.getRequest().getUrl();
      String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      if (!path.equals(SEND) && !path.equals(UPDATE)) {
        continue;
      }
      String body = e.getRequest().getBodyAsString();
      // Delivered: WeCom answered 200 with errcode 0 (WireMock logs the answer even when the
      // caller had given up waiting for it: a timed-out send that WeCom carried out).
      boolean delivered = false;
      if (e.getResponse() != null && e.getResponse().getStatus() == 200) {
        String answer = e.getResponse().getBodyAsString();
        delivered =
            answer != null
                && !answer.isBlank()
                && JSON.readTree(answer).path("errcode").asInt(-1) == 0;
      }
      out.add(
          new Call(
              path,
              body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body),
              e.getRequest().getLoggedDate().toInstant(),
              delivered));
    }
    return out;
  }

  /** The offer card (version 1) of {@code leadId} as sent to {@code rep}, once it was. */
  Call awaitOffer(String leadId, String rep) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(1000))
        .until(
            () ->
                sends().stream()
                    .filter(c -> c.path().equals(SEND) && c.delivered())
                    .filter(c -> c.cardVersion().equals("lead-" + leadId + "@1"))
                    .filter(c -> c.recipients().contains(rep))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  /** Leads whose version-1 offer card has not yet been delivered to every rep of its team. */
  List<String> offersNotDelivered(Map<String, Team> leads) {
    Map<String, Set<String>> reached = new HashMap<>();
    for (Call c : sends()) {
      if (c.path().equals(SEND) && c.delivered() && c.cardVersion().startsWith("lead-")) {
        String cardVersion = c.cardVersion();
        reached.computeIfAbsent(cardVersion, k -> new HashSet<>()).addAll(c.recipients());
      }
    }
    List<String> missing = new ArrayList<>();
    leads.forEach(
        (leadId, team) -> {
          if (!reached.getOrDefault("lead-" + leadId + "@1", Set.of()).containsAll(team.reps())) {
            missing.add(leadId);
          }
        });
    return missing;
  }

  /**
   * Delivered sends of the same message (card version or text) to the same person more than once,
   * with how many: WeCom would show each of them. Only cards naming one of {@code leadIds}, and
   * texts when {@code texts}.
   */
  Map<String, Integer> duplicateSends(Collection<String> leadIds, boolean texts) {
    Map<String, Integer> seen = new TreeMap<>();
    for (Call c : sends()) {
      if (!c.path().equals(SEND) || !c.delivered()) {
        continue;
      }
      boolean ours =
          c.cardVersion().isEmpty() ? texts : leadIds.stream().anyMatch(c.taskId()::contains);
      if (!ours) {
        continue;
      }
      for (String person : c.recipients()) {
        seen.merge(c.what() + " -> " + person, 1, Integer::sum);
      }
    }
    seen.values().removeIf(n -> n == 1);
    return seen;
  }

  /** For each unclaimed lead, how many sends to the manager named it. */
  Map<String, Integer> managerCardsPerLead(Collection<String> leadIds) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Call c : sends()) {
      if (!c.path().equals(SEND) || !c.delivered() || !c.recipients().contains(slaTeam.manager())) {
        continue;
      }
      for (String leadId : leadIds) {
        if (c.taskId().contains(leadId)) {
          counts.merge(leadId, 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /**
   * Member budget overruns: WeCom's 30 per member per minute is a token bucket of 10 at once and 20
   * more a minute ({@code Rate.atMost(30, 1 min)}); in no window may one member have received more
   * than that, allowing for calls that reach WireMock late. Budgets counted per instance would let
   * three times the burst through at once.
   */
  List<String> memberBudgetOverruns() {
    Map<String, List<Instant>> perMember = new HashMap<>();
    for (Call c : sends()) {
      if (c.path().equals(SEND) && c.delivered()) {
        for (String person : c.recipients()) {
          perMember.computeIfAbsent(person, p -> new ArrayList<>()).add(c.at());
        }
      }
    }
    List<String> overruns = new ArrayList<>();
    perMember.forEach(
        (person, times) -> {
          times.sort(null);
          for (int i = 0; i < times.size(); i++) {
            for (int j = i; j < times.size(); j++) {
              double minutes = Duration.between(times.get(i), times.get(j)).toMillis() / 60_000.0;
              // WireMock logs a call when it arrives, up to the handler timeout (10 s) after
              // salesbot took its tokens: allow for that much refill, and one for the clocks.
              double allowed = 10 + 20 * (minutes + 10 / 60.0) + 1;
              if (j - i + 1 > allowed) {
                overruns.add(person + ": " + (j - i + 1) + " sends within " + minutes * 60 + " s");
                return;
              }
            }
          }
        });
    return overruns;
  }

  // --- what PostgreSQL holds ----------------------------------------------------------------

  private <T> T query(String sql, List<Object> args, SqlReader<T> reader) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, DevPostgres.USERNAME, dbPassword);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        Object arg = args.get(i);
        if (arg instanceof Collection<?> values) {
          s.setArray(i + 1, c.createArrayOf("text", values.toArray()));
        } else {
          s.setObject(i + 1, arg);
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @FunctionalInterface
  private interface SqlReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Intake id → lead id of every lead created by these intakes and routed (pooled or claimed). */
  Map<String, String> routedLeads(Collection<String> intakeIds) {
    return query(
        "select intake_id, id from leads where intake_id = any(?) and status in ('POOLED','CLAIMED')",
        List.of(intakeIds),
        rs -> {
          Map<String, String> out = new HashMap<>();
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
          return out;
        });
  }

  /**
   * Where each of these intakes is, for a failure message: the lead's status, parked in {@code
   * intake_fallback}, or nowhere in PostgreSQL (then it is in a Redis lane or the dead letters).
   */
  Map<String, String> whereAre(Collection<String> intakeIds) {
    Map<String, String> out = new TreeMap<>();
    intakeIds.forEach(id -> out.put(id, "not in PostgreSQL"));
    query(
        "select intake_id, 'lead ' || status || ' team ' || coalesce(team_id, '-') from leads"
            + " where intake_id = any(?)"
            + " union all select intake_id, 'parked in intake_fallback' from intake_fallback"
            + " where intake_id = any(?)",
        List.of(intakeIds, intakeIds),
        rs -> {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
          return out;
        });
    return out;
  }

  /** Intake id → how many leads it created. */
  Map<String, Integer> leadsPerIntake(Collection<String> intakeIds) {
    Map<String, Integer> out = new TreeMap<>();
    intakeIds.forEach(id -> out.put(id, 0));
    query(
        "select intake_id, count(*) from leads where intake_id = any(?) group by intake_id",
        List.of(intakeIds),
        rs -> {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getInt(2));
          }
          return out;
        });
    return out;
  }

  /** Lead id → how many audit entries with this action it has (leads without any left out). */
  Map<String, Integer> auditCounts(Collection<String> leadIds, String action) {
    return query(
        "select lead_id, count(*) from lead_audit where lead_id = any(?) and action = ? group by lead_id",
        List.of(leadIds, action),
        rs -> {
          Map<String, Integer> out = new TreeMap<>();
          while (rs.next()) {
            out.put(rs.getString(1), rs.getInt(2));
          }
          return out;
        });
  }

  String status(String leadId) {
    return query(
        "select status from leads where id = ?",
        List.of(leadId),
        rs -> rs.next() ? rs.getString(1) : "");
  }

  /** Timers of these leads whose kind starts with {@code kindPrefix} still waiting. */
  long pendingTimers(Collection<String> leadIds, String kindPrefix) {
    return query(
        "select count(*) from timers where lead_id = any(?) and kind like ?",
        List.of(leadIds, kindPrefix + "%"),
        rs -> rs.next() ? rs.getLong(1) : 0);
  }

  /** Offer deliveries recorded for these leads to the sandbox team's reps. */
  long sandboxOfferDeliveries(Collection<String> leadIds) {
    return query(
        "select count(distinct (l, d.recipient)) from unnest(?::text[]) as l"
            + " join deliveries d on d.command_id like 'offer-' || l || '%'"
            + " where d.recipient = any(?)",
        List.of(leadIds, sandboxTeam.reps().stream().map(r -> "sandbox:" + r).toList()),
        rs -> rs.next() ? rs.getLong(1) : 0);
  }

  /** Dead letters whose event is one of these intakes, through {@code instance}'s admin API. */
  List<String> deadLetters(Instance instance, Collection<String> intakeIds) {
    HttpResponse<String> answer =
        PlatformFlows.send(
            HttpRequest.newBuilder(instance.uri("/api/v1/admin/dead-letters?limit=1000"))
                .header("Authorization", ADMIN)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError("dead letters: " + answer.statusCode() + " " + answer.body());
    }
    List<String> dead = new ArrayList<>();
    for (JsonNode d : JSON.readTree(answer.body())) {
      String eventId = d.path("fields").path("eventId").asString("");
      if (intakeIds.contains(eventId)) {
        dead.add(eventId);
      }
    }
    return dead;
  }

  // --- report -------------------------------------------------------------------------------

  /** Appends one scenario's figures to {@code target/faults-report.md}. */
  void report(String scenario, Map<String, String> figures) {
    StringBuilder line = new StringBuilder("| ").append(scenario).append(" | ");
    new TreeMap<>(figures).forEach((k, v) -> line.append(k).append(": ").append(v).append("; "));
    line.setLength(line.length() - 2);
    line.append(" |\n");
    try {
      Path report = Path.of("target/faults-report.md");
      Files.writeString(
          report,
          line,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    servers.close();
    wecom.stop();
  }
}
