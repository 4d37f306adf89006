package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * DingTalk end to end in HTTP mode: a signed robot message in at {@code /callbacks/dingtalk/robot},
 * the reply out at a stand-in for DingTalk's API (a tiny HTTP server).
 */
class DingtalkRobotFlowTest extends EndToEndSupport {
  static final String CLIENT_ID = "dinge2eclient";
  static final String SECRET = "e2e-dingtalk-secret";

  record Call(String method, String path, String token, String body) {}

  static final List<Call> calls = new CopyOnWriteArrayList<>();
  static final HttpServer dingtalkApi = startApi();

  private static HttpServer startApi() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/v1.0/", DingtalkRobotFlowTest::answer);
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String token = exchange.getRequestHeaders().getFirst("x-acs-dingtalk-access-token");
    calls.add(new Call(exchange.getRequestMethod(), path, String.valueOf(token), body));
    String answer =
        path.endsWith("/oauth2/accessToken")
            ? "{\"accessToken\":\"E2E-DT-TOKEN\",\"expireIn\":7200}"
            : "{\"processQueryKey\":\"PQK-E2E\",\"invalidStaffIdList\":[],\"flowControlledStaffIdList\":[]}";
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Value("${local.server.port}")
  int port;

  @AfterAll
  static void stopApi() {
    dingtalkApi.stop(0);
  }

  @DynamicPropertySource
  static void dingtalk(DynamicPropertyRegistry registry) {
    // Its own Redis streams: this context's sandbox and workers must not take the entries of
    // the other test contexts alive in the same JVM (each keeps its sandbox inbox in memory).
    registry.add("salesbot.pipeline.key-prefix", () -> "it-dingtalk");
    // PostgreSQL is shared with the other contexts: leave its due timers and the leads parked
    // while Redis was down to the default context, whose tests wait for their effects.
    registry.add("salesbot.sla.poll-interval", () -> "1h");
    registry.add("salesbot.pipeline.relay-interval", () -> "1h");
    registry.add("salesbot.dingtalk.enabled", () -> "true");
    registry.add("salesbot.dingtalk.mode", () -> "http");
    registry.add("salesbot.dingtalk.client-id", () -> CLIENT_ID);
    registry.add("salesbot.dingtalk.client-secret", () -> SECRET);
    registry.add("salesbot.dingtalk.corp-id", () -> "dingcorpe2e");
    registry.add("salesbot.dingtalk.token", () -> "123456");
    registry.add("salesbot.dingtalk.aes-key", () -> "1234567890123456789012345678901234567890123");
    registry.add("salesbot.dingtalk.card-templates.default", () -> "e2e-template.schema");
    registry.add(
        "salesbot.dingtalk.api-base-url",
        () -> "http://127.0.0.1:" + dingtalkApi.getAddress().getPort());
  }

  private static String sign(String timestamp) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_help_command_sent_to_the_robot_is_answered_once_through_the_dingtalk_api()
      throws Exception {
    String user = "e2e" + ThreadLocalRandom.current().nextInt(1_000_000);
    String body =
        "{\"msgId\":\"msg-"
            + user
            + "\",\"senderStaffId\":\""
            + user
            + "\",\"senderNick\":\"张三\",\"conversationType\":\"1\",\"msgtype\":\"text\","
            + "\"text\":{\"content\":\" /help\"},\"createAt\":"
            + Instant.now().toEpochMilli()
            + "}";
    String ts = Long.toString(Instant.now().toEpochMilli());
    for (int i = 0; i < 2; i++) {
      // DingTalk's retry of the same message changes nothing.
      http.post()
          .uri(URI.create("http://localhost:" + port + "/callbacks/dingtalk/robot"))
          .header("timestamp", ts)
          .header("sign", sign(ts))
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isOk();
    }

    Call sent =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    calls.stream()
                        .filter(c -> c.path().equals("/v1.0/robot/oToMessages/batchSend"))
                        .filter(c -> c.body().contains("\"" + user + "\""))
                        .findFirst()
                        .orElse(null),
                c -> c != null);
    assertThat(sent.token()).isEqualTo("E2E-DT-TOKEN");
    assertThat(sent.body()).contains("sampleText").contains("/help");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(
            () -> calls.stream().filter(c -> c.body().contains("\"" + user + "\"")).count(),
            n -> n == 1);
  }

  @Test
  void refuses_a_robot_callback_with_a_bad_sign() {
    String ts = Long.toString(Instant.now().toEpochMilli());
    http.post()
        .uri(URI.create("http://localhost:" + port + "/callbacks/dingtalk/robot"))
        .header("timestamp", ts)
        .header("sign", "bm90LWl0")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"msgtype\":\"text\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
