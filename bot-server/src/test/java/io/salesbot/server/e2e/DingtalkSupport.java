package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.salesbot.server.e2e.PlatformFlows.Squad;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk on in HTTP mode, pointed at WireMock standing in for {@code api.dingtalk.com} (access
 * token, {@code createAndDeliver}, {@code PUT /v1.0/card/instances}, robot 1:1 send), with a grab
 * team of DingTalk reps. One Spring context for every test class that extends this.
 *
 * <p>The team's id, region and user ids carry a suffix unique to this JVM, so that leads kept in a
 * reused data directory never leak into a run.
 */
abstract class DingtalkSupport extends EndToEndSupport {
  static final String CLIENT_ID = "dinge2eclient";
  static final String SECRET = "e2e-dingtalk-secret";
  static final String CREATE = "/v1.0/card/instances/createAndDeliver";
  static final String UPDATE = "/v1.0/card/instances";
  static final String BATCH_SEND = "/v1.0/robot/oToMessages/batchSend";
  static final String REGISTER = "/v1.0/card/callbacks/register";
  static final String ROUTE_KEY = "salesbot-e2e";
  static final String CARD_SECRET = "e2e-card-callback-secret-0123";
  static final String PUBLIC_BASE_URL = "https://salesbot-e2e.example.com";

  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));

  /** A grab team of DingTalk reps, one per test (see {@link Squad}). */
  private static Squad squad(String key, int size) {
    return new Squad("dingtalk", "d", "钉钉", RUN, key, size);
  }

  static final Squad CLAIM = squad("a", 5);
  static final Squad RACE = squad("b", 20);
  static final Squad RETRY = squad("c", 3);
  static final Squad THROTTLE = squad("d", 3);
  static final Squad STREAM = squad("e", 3);
  static final Squad HELP = squad("h", 1);
  static final Squad EVIDENCE = squad("v", 1);
  static final List<Squad> SQUADS = List.of(CLAIM, RACE, RETRY, THROTTLE, STREAM, HELP, EVIDENCE);

  /** A rep who only types commands. */
  static final String HELPER = HELP.rep(1);

  /**
   * The shared team the other DingTalk flows (group binding) use: five reps {@link #rep(int)},
   * manager {@code d<RUN>boss}.
   */
  static final String TEAM = "dt" + RUN;

  static final String TEAM_NAME = "钉钉销售组";
  static final String REGION = "钉钉区" + RUN;
  static final int TEAM_REPS = 5;

  static String rep(int n) {
    return String.format("d%su%02d", RUN, n);
  }

  static String repName(int n) {
    return String.format("钉钉%02d", n);
  }

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final WireMockServer dingtalk = startApi();

  private static WireMockServer startApi() {
    WireMockServer server = PlatformFlows.wireMock();
    stubDefaults(server);
    return server;
  }

  static void stubDefaults(WireMockServer server) {
    server.stubFor(
        post(urlPathEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"E2E-DT-TOKEN\",\"expireIn\":7200}")));
    server.stubFor(
        post(urlPathEqualTo(CREATE))
            .atPriority(5)
            .willReturn(okJson("{\"success\":true,\"result\":{\"deliverResults\":[]}}")));
    server.stubFor(post(urlPathEqualTo(REGISTER)).willReturn(okJson("{\"success\":true}")));
    server.stubFor(
        put(urlPathEqualTo(UPDATE)).willReturn(okJson("{\"success\":true,\"result\":true}")));
    server.stubFor(
        post(urlPathEqualTo(BATCH_SEND))
            .willReturn(
                okJson(
                    "{\"processQueryKey\":\"PQK-E2E\",\"invalidStaffIdList\":[],\"flowControlledStaffIdList\":[]}")));
  }

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void dingtalkProperties(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-dingtalk");
    registry.add("salesbot.dingtalk.enabled", () -> "true");
    registry.add("salesbot.dingtalk.mode", () -> "http");
    registry.add("salesbot.dingtalk.client-id", () -> CLIENT_ID);
    registry.add("salesbot.dingtalk.client-secret", () -> SECRET);
    registry.add("salesbot.dingtalk.corp-id", () -> "dingcorpe2e");
    registry.add("salesbot.dingtalk.token", () -> "123456");
    registry.add("salesbot.dingtalk.aes-key", () -> "1234567890123456789012345678901234567890123");
    registry.add("salesbot.dingtalk.card-templates.default", () -> "e2e-template.schema");
    registry.add("salesbot.dingtalk.api-base-url", dingtalk::baseUrl);
    registry.add("salesbot.dingtalk.public-base-url", () -> PUBLIC_BASE_URL);
    registry.add("salesbot.dingtalk.card-callback-route-key", () -> ROUTE_KEY);
    registry.add("salesbot.dingtalk.card-callback-secret", () -> CARD_SECRET);
    // Grab teams of DingTalk reps (added to the test profile's teams).
    String shared = "salesbot.teams." + TEAM + ".";
    registry.add(shared + "name", () -> TEAM_NAME);
    registry.add(shared + "regions[0]", () -> REGION);
    registry.add(shared + "manager", () -> "dingtalk:d" + RUN + "boss");
    registry.add(shared + "manager-name", () -> "钉钉主管");
    for (int i = 1; i <= TEAM_REPS; i++) {
      int n = i;
      registry.add(shared + "members[" + (i - 1) + "].id", () -> "dingtalk:" + rep(n));
      registry.add(shared + "members[" + (i - 1) + "].name", () -> repName(n));
    }
    SQUADS.forEach(q -> q.register(registry));
  }

  // --- callbacks in
  // -------------------------------------------------------------------------------

  static String sign(String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(
              mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A card callback as DingTalk posts it in HTTP mode (the same JSON as the Stream topic {@code
   * /v1.0/card/instances/callback}): the button's callback parameter {@code key} in {@code
   * content.cardPrivateData.params}.
   */
  static String cardClick(String outTrackId, String userId, String key) {
    ObjectNode content = JSON.createObjectNode();
    ObjectNode data = content.putObject("cardPrivateData");
    data.putArray("actionIds").add("btn1");
    data.putObject("params").put("key", key);
    ObjectNode click = JSON.createObjectNode();
    click.put("extension", "{}");
    click.put("corpId", "dingcorpe2e");
    click.put("spaceType", "im");
    click.put("userIdType", 1);
    click.put("type", "actionCallback");
    click.put("userId", userId);
    click.put("content", JSON.writeValueAsString(content));
    click.put("spaceId", "cidE2E" + userId);
    click.put("outTrackId", outTrackId);
    return JSON.writeValueAsString(click);
  }

  /** A robot text message from {@code userId}, 1:1. */
  static String botText(String userId, String name, String text) {
    ObjectNode m = JSON.createObjectNode();
    m.put("msgId", "msg" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    m.put("senderStaffId", userId);
    m.put("senderNick", name);
    m.put("conversationType", "1");
    m.put("msgtype", "text");
    m.putObject("text").put("content", " " + text);
    m.put("createAt", Instant.now().toEpochMilli());
    return JSON.writeValueAsString(m);
  }

  /** POSTs a signed robot/card callback over real HTTP; returns the status. */
  int robot(String body) {
    String ts = Long.toString(Instant.now().toEpochMilli());
    return PlatformFlows.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/callbacks/dingtalk/robot"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("timestamp", ts)
                .header("sign", sign(ts))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** {@code Base64(HmacSHA256(apiSecret, timestamp))}, as DingTalk signs an HTTP card click. */
  static String cardSign(String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(CARD_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a card click to the card-callback URL, signed as DingTalk signs it. */
  HttpResponse<String> clickResponse(String body) {
    String ts = Long.toString(Instant.now().toEpochMilli());
    return PlatformFlows.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callbacks/dingtalk/card"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("x-ddpaas-signature-timestamp", ts)
            .header("x-ddpaas-signature", cardSign(ts))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** POSTs a card click to the card-callback URL; returns the status. */
  int click(String body) {
    return clickResponse(body).statusCode();
  }

  // --- calls out, as WireMock saw them
  // ------------------------------------------------------------

  /** One call to the DingTalk API: method, path, access token header, parsed JSON body. */
  record Call(String method, String path, String token, JsonNode body, int status, String answer) {
    String outTrackId() {
      return body.path("outTrackId").asString("");
    }

    JsonNode params() {
      return body.path("cardData").path("cardParamMap");
    }

    /** The private card data of one user in an update. */
    JsonNode privateParams(String userId) {
      return body.path("privateData").path(userId).path("cardParamMap");
    }

    List<String> privateUsers() {
      List<String> users = new ArrayList<>();
      body.path("privateData").propertyNames().forEach(users::add);
      return users;
    }

    List<String> userIds() {
      List<String> ids = new ArrayList<>();
      body.path("userIds").forEach(n -> ids.add(n.asString()));
      return ids;
    }

    String text() {
      String param = body.path("msgParam").asString("");
      if (param.isEmpty()) {
        return "";
      }
      JsonNode p = JSON.readTree(param);
      // sampleText, or sampleMarkdown for several lines (one paragraph per line)
      return p.has("content")
          ? p.path("content").asString("")
          : p.path("text").asString("").replace("\n\n", "\n");
    }
  }

  static List<Call> calls(String method, String path) {
    List<Call> out = new ArrayList<>();
    List<ServeEvent> events = new ArrayList<>(dingtalk.getAllServeEvents());
    Collections.reverse(events); // oldest first
    for (ServeEvent e : events) {
      String url = e.getRequest().getUrl();
      String p = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      if (!p.equals(path) || !e.getRequest().getMethod().getName().equals(method)) {
        continue;
      }
      String body = e.getRequest().getBodyAsString();
      out.add(
          new Call(
              method,
              p,
              String.valueOf(e.getRequest().getHeader("x-acs-dingtalk-access-token")),
              body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body),
              e.getResponse() == null ? 0 : e.getResponse().getStatus(),
              e.getResponse() == null ? "" : e.getResponse().getBodyAsString()));
    }
    return out;
  }

  static List<Call> calls(String method, String path, Predicate<Call> match) {
    return calls(method, path).stream().filter(match).toList();
  }

  static Call awaitCall(String method, String path, Predicate<Call> match) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> calls(method, path).stream().filter(match).findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  /** The people a card creation went to ({@code IM_ROBOT.<userId>} spaces). */
  static Set<String> spaces(Call create) {
    Set<String> people = new HashSet<>();
    String open = create.body().path("openSpaceId").asString("");
    if (open.startsWith("dtv1.card//")) {
      for (String space : open.substring("dtv1.card//".length()).split(";")) {
        if (space.startsWith("IM_ROBOT.")) {
          people.add(space.substring("IM_ROBOT.".length()));
        }
      }
    }
    return people;
  }

  /**
   * Waits until the calls that match have reached all of {@code people} (cards created in their
   * chats, private data updated, texts sent): a recipient whose send budget is spent gets it in a
   * later call. Returns the matching calls, oldest first.
   */
  static List<Call> awaitReached(
      String method, String path, Predicate<Call> match, Collection<String> people) {
    java.util.function.Function<Call, Set<String>> reach =
        c -> {
          Set<String> r = new HashSet<>(spaces(c));
          r.addAll(c.privateUsers());
          r.addAll(c.userIds());
          return r;
        };
    try {
      return await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> calls(method, path, match),
              l -> {
                Set<String> reached = new HashSet<>();
                l.forEach(c -> reached.addAll(reach.apply(c)));
                return reached.containsAll(people);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Set<String> reached = new HashSet<>();
      calls(method, path, match).forEach(c -> reached.addAll(reach.apply(c)));
      Set<String> missing = new HashSet<>(people);
      missing.removeAll(reached);
      throw new AssertionError("not reached within 30 s at " + path + ": " + missing, e);
    }
  }

  /** Decodes a button key ({@code s1.<base64url(cardId \n action \n payload)>}). */
  static String[] decodeKey(String key) {
    // s1.<base64url(cardId \n action \n payload)>.<rendering>
    String encoded = key.substring("s1.".length());
    int dot = encoded.indexOf('.');
    String text =
        new String(
            Base64.getUrlDecoder().decode(dot < 0 ? encoded : encoded.substring(0, dot)),
            StandardCharsets.UTF_8);
    return text.split("\n", 3);
  }

  // --- leads
  // --------------------------------------------------------------------------------------

  /** Submits a lead for the shared team {@link #TEAM}; waits until it is routed. */
  Map<String, Object> pooledLead(String name) {
    return pooledLead(REGION, name);
  }

  /** Submits a lead for the squad's team; waits until it is routed; returns the admin view. */
  Map<String, Object> pooledLead(Squad squad, String name) {
    return pooledLead(squad.region(), name);
  }

  private Map<String, Object> pooledLead(String region, String name) {
    String intakeId =
        submit(
            "{\"name\":\""
                + name
                + "\",\"phone\":\""
                + randomPhone()
                + "\",\"region\":\""
                + region
                + "\",\"product\":\"CRM\"}");
    return await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")));
  }

  long audits(String leadId, String action) {
    return count(
        "select count(*) from lead_audit where lead_id = '"
            + leadId
            + "' and action = '"
            + action
            + "'");
  }
}
