package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.salesbot.server.e2e.PlatformFlows.Squad;
import io.salesbot.server.e2e.WecomCallbackSigning.Callback;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeCom on, pointed at WireMock standing in for {@code qyapi.weixin.qq.com} ({@code gettoken},
 * {@code message/send}, {@code message/update_template_card}), with a grab team of WeCom reps. One
 * Spring context for every test class that extends this.
 *
 * <p>The team's id, region and user ids carry a suffix unique to this JVM, so that leads and claims
 * kept in a reused data directory (pool pages, open-lead counts) never leak into a run.
 */
abstract class WecomSupport extends EndToEndSupport {
  static final String TOKEN = WecomCallbackSigning.TOKEN;
  static final String AES_KEY = WecomCallbackSigning.AES_KEY;
  static final String CORP_ID = WecomCallbackSigning.CORP_ID;
  static final int AGENT_ID = WecomCallbackSigning.AGENT_ID;
  static final String SEND = "/cgi-bin/message/send";
  static final String UPDATE = "/cgi-bin/message/update_template_card";

  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));

  /** A grab team of WeCom reps, one per test (see {@link Squad}). */
  private static Squad squad(String key, int size) {
    return new Squad("wecom", "w", "企微", RUN, key, size);
  }

  static final Squad CLAIM = squad("a", 5);
  static final Squad RACE = squad("b", 20);
  static final Squad RETRY = squad("c", 3);
  static final Squad COMMANDS = squad("d", 3);
  static final Squad ONE_CODE = squad("e", 3);
  static final Squad HELP = squad("h", 1);
  static final Squad EVIDENCE = squad("f", 1);
  static final List<Squad> SQUADS = List.of(CLAIM, RACE, RETRY, COMMANDS, ONE_CODE, HELP, EVIDENCE);

  /** A rep who only types commands. */
  static final String HELPER = HELP.rep(1);

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final WireMockServer wecom = startApi();

  private static WireMockServer startApi() {
    WireMockServer server = PlatformFlows.wireMock();
    server.stubFor(
        get(urlPathEqualTo("/cgi-bin/gettoken"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"E2E-TOKEN\",\"expires_in\":7200}")));
    // Every send answers with a fresh response_code, as WeCom does.
    server.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG-{{randomValue length=12 type='ALPHANUMERIC'}}\","
                            + "\"response_code\":\"RC-SEND-{{randomValue length=16 type='ALPHANUMERIC'}}\"}")
                    .withTransformers("response-template")));
    server.stubFor(
        post(urlPathEqualTo(UPDATE))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":[]}")));
    return server;
  }

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void wecom(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-wecom");
    registry.add("salesbot.wecom.enabled", () -> "true");
    registry.add("salesbot.wecom.corp-id", () -> CORP_ID);
    registry.add("salesbot.wecom.api-base-url", wecom::baseUrl);
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".secret", () -> "e2e-secret");
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".token", () -> TOKEN);
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".aes-key", () -> AES_KEY);
    // The app's daily quota is counted in Redis, which a reused data directory keeps from run to
    // run: these tests are about claims, not about that quota.
    registry.add("salesbot.wecom.daily-sends", () -> "10000000");
    // Grab teams of WeCom reps (added to the test profile's teams).
    SQUADS.forEach(q -> q.register(registry));
  }

  // --- callbacks in
  // -------------------------------------------------------------------------------

  /** A signed callback, ready to POST: its path and query, and its XML body. */
  static Callback encrypted(String plainXml) {
    return WecomCallbackSigning.encrypted(plainXml);
  }

  /** The plain XML of a text message typed by {@code user}. */
  static String textXml(String user, String content) {
    return WecomCallbackSigning.textXml(user, content);
  }

  /** The plain XML of a button click on a template card ({@code template_card_event}). */
  static String clickXml(String user, String taskId, String eventKey, String responseCode) {
    return WecomCallbackSigning.clickXml(user, taskId, eventKey, responseCode);
  }

  /** POSTs the callback over real HTTP; returns the status and body. */
  HttpResponse<String> deliver(Callback callback) {
    return PlatformFlows.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + callback.pathAndQuery()))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "text/xml")
            .POST(HttpRequest.BodyPublishers.ofString(callback.body(), StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // --- calls out, as WireMock saw them
  // ------------------------------------------------------------

  /** One call to the WeCom API: path, parsed JSON body, and the JSON WireMock answered. */
  record Call(String path, String query, JsonNode body, JsonNode answer) {
    String touser() {
      return body.path("touser").asString("");
    }

    List<String> userids() {
      List<String> ids = new ArrayList<>();
      body.path("userids").forEach(n -> ids.add(n.asString()));
      return ids;
    }

    JsonNode card() {
      return body.path("template_card");
    }

    String taskId() {
      return card().path("task_id").asString("");
    }

    String title() {
      return card().path("main_title").path("title").asString("");
    }

    /** The text's words, without the invisible mark that ends every WeCom text (its command's). */
    String text() {
      return body.path("text").path("content").asString("").replaceAll("[\u200B\u200C]+$", "");
    }
  }

  static List<Call> calls(String path) {
    List<Call> out = new ArrayList<>();
    List<ServeEvent> events = new ArrayList<>(wecom.getAllServeEvents());
    java.util.Collections.reverse(events); // oldest first
    for (ServeEvent e : events) {
      if (!e.getRequest().getUrl().startsWith(path)) {
        continue;
      }
      String body = e.getRequest().getBodyAsString();
      String answer = e.getResponse() == null ? "" : e.getResponse().getBodyAsString();
      String url = e.getRequest().getUrl();
      out.add(
          new Call(
              path,
              url.contains("?") ? url.substring(url.indexOf('?') + 1) : "",
              body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body),
              answer == null || answer.isBlank()
                  ? JSON.createObjectNode()
                  : JSON.readTree(answer)));
    }
    return out;
  }

  static List<Call> calls(String path, Predicate<Call> match) {
    return calls(path).stream().filter(match).toList();
  }

  /** Waits for a call to {@code path} that matches. */
  static Call awaitCall(String path, Predicate<Call> match) {
    try {
      return await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> calls(path).stream().filter(match).findFirst(), Optional::isPresent)
          .orElseThrow();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder seen = new StringBuilder();
      for (Call c : calls(path)) {
        seen.append("\n  ")
            .append(c.body().toString(), 0, Math.min(300, c.body().toString().length()));
      }
      throw new AssertionError(
          "no matching call to " + path + " within 20 s; calls seen:" + seen, e);
    }
  }

  /** Everybody a call went to ({@code touser} of a send, {@code userids} of an update). */
  static Set<String> recipients(Call c) {
    Set<String> people = new HashSet<>(c.userids());
    if (!c.touser().isEmpty()) {
      people.addAll(List.of(c.touser().split("\\|")));
    }
    return people;
  }

  /**
   * Waits until the calls to {@code path} that match have reached all of {@code people}: WeCom's
   * send budgets may hold some recipients back for a while, they then get the message in a later
   * call. Returns the matching calls, oldest first.
   */
  static List<Call> awaitReached(String path, Predicate<Call> match, Collection<String> people) {
    return awaitReached(List.of(path), match, people);
  }

  /** The same over several paths, e.g. a card updated for some and sent afresh to others. */
  static List<Call> awaitReached(
      List<String> paths, Predicate<Call> match, Collection<String> people) {
    java.util.function.Supplier<List<Call>> matching =
        () -> paths.stream().flatMap(p -> calls(p, match).stream()).toList();
    try {
      return await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              matching::get,
              l -> {
                Set<String> reached = new HashSet<>();
                l.forEach(c -> reached.addAll(recipients(c)));
                return reached.containsAll(people);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Set<String> reached = new HashSet<>();
      matching.get().forEach(c -> reached.addAll(recipients(c)));
      Set<String> missing = new HashSet<>(people);
      missing.removeAll(reached);
      StringBuilder got = new StringBuilder();
      for (String path : List.of(SEND, UPDATE)) {
        for (Call c : calls(path, c -> !java.util.Collections.disjoint(recipients(c), missing))) {
          got.append("\n  ").append(path).append(' ').append(recipients(c)).append(' ');
          got.append(c.taskId()).append(' ').append(c.title()).append(' ').append(c.text());
        }
      }
      throw new AssertionError(
          "not reached within 30 s at " + paths + ": " + missing + "; what they got:" + got, e);
    }
  }

  /** The task id prefix of every version-{@code version} template card of {@code cardId}. */
  static Predicate<Call> taskOf(String cardId, int version) {
    return c -> c.taskId().startsWith(cardId + "@" + version + "@");
  }

  /** Decodes a button key ({@code s1.<base64url(action \n payload)>}) into [action, payload]. */
  static String[] decodeKey(String key) {
    String text =
        new String(
            Base64.getUrlDecoder().decode(key.substring("s1.".length())), StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    return new String[] {text.substring(0, nl), text.substring(nl + 1)};
  }

  /** The key of the card's button whose action and payload are these. */
  static Optional<String> buttonKey(Call card, String action, String payload) {
    for (JsonNode b : card.card().path("button_list")) {
      String key = b.path("key").asString("");
      if (key.startsWith("s1.")) {
        String[] decoded = decodeKey(key);
        if (decoded[0].equals(action) && decoded[1].equals(payload)) {
          return Optional.of(key);
        }
      }
    }
    return Optional.empty();
  }

  // --- leads
  // --------------------------------------------------------------------------------------

  /** Submits a lead for the squad's team; waits until it is routed; returns the admin view. */
  Map<String, Object> pooledLead(Squad squad, String name) {
    String intakeId =
        submit(
            "{\"name\":\""
                + name
                + "\",\"phone\":\""
                + randomPhone()
                + "\",\"region\":\""
                + squad.region()
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
