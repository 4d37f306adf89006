package io.salesbot.server.e2e;

import static org.awaitility.Awaitility.await;

import io.r2dbc.spi.ConnectionFactory;
import io.salesbot.core.lead.IntakeSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Boots salesbot on its embedded PostgreSQL and Redis (once per test JVM) with the test profile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@ActiveProfiles("test")
@ExtendWith(ThreadsOnTimeout.class)
abstract class EndToEndSupport {
  /*
   * Every test JVM starts from empty embedded servers (the test profile keeps them under
   * target/it-data): tests that page through a team's pool must see only their own leads, not
   * those of an earlier run.
   */
  static {
    if (!io.salesbot.server.devservices.DevServices.hasPostgres()) {
      try {
        org.springframework.util.FileSystemUtils.deleteRecursively(
            java.nio.file.Path.of("target/it-data"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot empty target/it-data", e);
      }
    }
  }

  static final String ADMIN = "Bearer test-admin-token";
  static final String WEB_SECRET = "web-secret-123";

  @Autowired WebTestClient http;
  @Autowired ConnectionFactory connectionFactory;

  /** A fresh mainland mobile number, so runs against a kept data directory never merge. */
  static String randomPhone() {
    return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  /** A scrape of {@code /actuator/prometheus}. */
  String scrape() {
    return http.get()
        .uri("/actuator/prometheus")
        .header("Authorization", ADMIN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  WebTestClient.RequestHeadersSpec<?> signed(String source, String secret, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return http.post()
        .uri("/api/v1/leads")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Salesbot-Source", source)
        .header(
            "X-Salesbot-Signature",
            IntakeSignature.sign(secret, Instant.now().getEpochSecond(), bytes))
        .bodyValue(bytes);
  }

  String submit(String body) {
    Map<String, Object> answer =
        signed("web", WEB_SECRET, body)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return (String) answer.get("intakeId");
  }

  List<Map<String, Object>> inbox(String userId) {
    return http.get()
        .uri("/sandbox/users/{u}/inbox", userId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
  }

  /** Waits for a card or text in the user's inbox that matches. */
  Map<String, Object> awaitItem(String userId, Predicate<Map<String, Object>> match) {
    try {
      return await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> inbox(userId).stream().filter(match).findFirst().orElse(null),
              item -> item != null);
    } catch (ConditionTimeoutException e) {
      // Say what the inbox held, so that a failure on a busy machine can be told from a bug.
      List<Map<String, Object>> items = inbox(userId);
      throw new AssertionError(
          "no matching item in "
              + userId
              + "'s inbox within 20 s; its newest items: "
              + items.subList(0, Math.min(8, items.size())),
          e);
    }
  }

  Map<String, Object> lead(String id) {
    return http.get()
        .uri("/api/v1/leads/{id}", id)
        .header("Authorization", ADMIN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  /**
   * Posts a batch to the signed record API ({@code POST /api/v1/records}) as {@code source}, signed
   * at {@code epochSecond}; expects 200 and answers the per-record results.
   */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> sendRecords(
      String source, String secret, long epochSecond, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> answer =
        http.post()
            .uri("/api/v1/records")
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-Salesbot-Source", source)
            .header("X-Salesbot-Signature", IntakeSignature.sign(secret, epochSecond, bytes))
            .bodyValue(bytes)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return (List<Map<String, Object>>) answer.get("results");
  }

  /** The sandbox user's inbox; a user nothing was sent to yet has none (404), read as empty. */
  List<Map<String, Object>> inboxOrEmpty(String user) {
    try {
      return inbox(user);
    } catch (AssertionError notYet) {
      return List.of();
    }
  }

  /** The value of the field labelled {@code label} of a card from a sandbox inbox. */
  @SuppressWarnings("unchecked")
  static String cardField(Map<String, Object> card, String label) {
    return ((List<Map<String, Object>>) card.get("elements"))
        .stream()
            .filter(e -> label.equals(e.get("label")))
            .map(e -> String.valueOf(e.get("value")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no field " + label + " on " + card));
  }

  /** Presses the button {@code action} of {@code card} in the sandbox as {@code user}. */
  @SuppressWarnings("unchecked")
  void pressButton(String user, Map<String, Object> card, String action) {
    Map<String, Object> button =
        ((List<Map<String, Object>>) card.get("buttons"))
            .stream()
                .filter(b -> action.equals(b.get("action")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button " + action + " on " + card));
    http.post()
        .uri("/sandbox/actions")
        .bodyValue(
            Map.of(
                "userId",
                user,
                "cardId",
                card.get("cardId"),
                "action",
                action,
                "payload",
                button.get("payload")))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  long count(String sql) {
    return DatabaseClient.create(connectionFactory)
        .sql(sql)
        .map(row -> row.get(0, Long.class))
        .one()
        .block();
  }

  /**
   * Presses a button of a card in the user's sandbox inbox once the card shows it: a lead's or
   * deal's state is stored before the card update reaches the inbox, so pressing on the stored
   * state alone races the update (the sandbox answers 400 "no such button").
   */
  void act(String user, String cardId, String action, String payload) {
    awaitItem(
        user,
        i ->
            cardId.equals(i.get("cardId"))
                && i.get("buttons") instanceof List<?> buttons
                && buttons.stream()
                    .anyMatch(
                        b ->
                            b instanceof Map<?, ?> m
                                && action.equals(m.get("action"))
                                && payload.equals(String.valueOf(m.get("payload")))));
    http.post()
        .uri("/sandbox/actions")
        .bodyValue(Map.of("userId", user, "cardId", cardId, "action", action, "payload", payload))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  /** The newest 1,000 dead letters, from the admin API. */
  List<Map<String, Object>> deadLetters() {
    return http.get()
        .uri("/api/v1/admin/dead-letters?limit=1000")
        .header("Authorization", ADMIN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
  }

  static Predicate<Map<String, Object>> card(String cardId, String type) {
    return i -> cardId.equals(i.get("cardId")) && type.equals(i.get("type"));
  }
}
