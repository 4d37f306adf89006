package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.salesbot.core.lead.IntakeSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every bad request gets a clear problem answer and stores nothing. */
class BadInputTest extends EndToEndSupport {
  @org.springframework.beans.factory.annotation.Value("${local.server.port}")
  int port;

  @Autowired RedisClient redisClient;
  private long leadsBefore;

  private long lanes() {
    try (StatefulRedisConnection<String, String> c = redisClient.connect()) {
      return c.sync().xlen("salesbot:in:hot") + c.sync().xlen("salesbot:in:normal");
    }
  }

  /** Waits until the pipeline is idle (processed entries are deleted from the lanes). */
  @BeforeEach
  void remember() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> lanes() == 0 && count("select count(*) from intake_fallback") == 0);
    leadsBefore = count("select count(*) from leads");
  }

  /**
   * A wrongly accepted request would sit in a lane or the fallback, or be a lead: intake answers
   * 202 only after appending to a lane (or the fallback), and the pipeline deletes an entry only
   * after storing its lead, so there is nothing to wait for.
   */
  @AfterEach
  void nothingStored() {
    assertThat(lanes()).as("entries queued").isZero();
    assertThat(count("select count(*) from intake_fallback")).as("leads parked").isZero();
    assertThat(count("select count(*) from leads")).as("leads stored").isEqualTo(leadsBefore);
  }

  private Map<String, Object> problem(
      WebTestClient.RequestHeadersSpec<?> request, HttpStatus status) {
    return request
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private WebTestClient.RequestHeadersSpec<?> raw(
      String source, String signature, String contentType, byte[] body) {
    WebTestClient.RequestBodySpec spec =
        http.post().uri("/api/v1/leads").header("Content-Type", contentType);
    if (source != null) {
      spec = spec.header("X-Salesbot-Source", source);
    }
    if (signature != null) {
      spec = spec.header("X-Salesbot-Signature", signature);
    }
    return spec.bodyValue(body);
  }

  private static String sig(String secret, long t, String body) {
    return IntakeSignature.sign(secret, t, body.getBytes(StandardCharsets.UTF_8));
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  @Test
  void body_that_is_not_json_is_400() {
    String body = "name=张三";
    Map<String, Object> p =
        problem(
            raw(
                "web",
                sig(WEB_SECRET, now(), body),
                "application/json",
                body.getBytes(StandardCharsets.UTF_8)),
            HttpStatus.BAD_REQUEST);
    assertThat(p.get("detail")).isEqualTo("the body is not valid JSON");
    assertThat(p.toString()).doesNotContain("Exception").doesNotContain("at io.");
  }

  @Test
  void json_that_is_not_an_object_is_400() {
    String body = "[1,2]";
    Map<String, Object> p = problem(signed("web", WEB_SECRET, body), HttpStatus.BAD_REQUEST);
    assertThat(p.get("detail")).isEqualTo("the body must be a JSON object");
  }

  @Test
  void neither_name_nor_phone_is_400_with_field_errors() {
    Map<String, Object> p =
        problem(signed("web", WEB_SECRET, "{\"company\":\"某公司\"}"), HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, Object>>) p.get("errors"))
        .extracting(e -> e.get("field"))
        .containsExactly("name");
  }

  @Test
  void phone_that_is_not_a_mainland_mobile_is_400() {
    Map<String, Object> p =
        problem(
            signed("web", WEB_SECRET, "{\"name\":\"张三\",\"phone\":\"021-5555-1234\"}"),
            HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, Object>>) p.get("errors"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("field")).isEqualTo("phone");
              assertThat(e.get("message").toString()).contains("手机号");
            });
  }

  @Test
  void over_long_fields_and_wrong_types_are_400() {
    String body =
        "{\"name\":\"" + "长".repeat(65) + "\",\"company\":42,\"attributes\":{\"a\":{\"b\":1}}}";
    Map<String, Object> p = problem(signed("web", WEB_SECRET, body), HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, Object>>) p.get("errors"))
        .extracting(e -> e.get("field"))
        .contains("company", "attributes.a");
    Map<String, Object> tooLong =
        problem(
            signed("web", WEB_SECRET, "{\"name\":\"" + "长".repeat(65) + "\"}"),
            HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, Object>>) tooLong.get("errors"))
        .extracting(e -> e.get("field"))
        .containsExactly("name");
  }

  @Test
  void unknown_or_missing_source_is_401() {
    String body = "{\"name\":\"张三\"}";
    assertThat(
            problem(signed("nobody", "whatever-secret", body), HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("'nobody' is not configured");
    assertThat(
            problem(
                    raw(
                        null,
                        sig(WEB_SECRET, now(), body),
                        "application/json",
                        body.getBytes(StandardCharsets.UTF_8)),
                    HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("X-Salesbot-Source");
  }

  @Test
  void bad_or_missing_signature_is_401() {
    String body = "{\"name\":\"张三\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(
            problem(
                    raw("web", sig("wrong-secret", now(), body), "application/json", bytes),
                    HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("does not match");
    assertThat(
            problem(
                    raw(
                        "web",
                        sig(WEB_SECRET, now(), "{\"name\":\"李四\"}"),
                        "application/json",
                        bytes),
                    HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("does not match");
    assertThat(
            problem(raw("web", null, "application/json", bytes), HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("X-Salesbot-Signature");
    assertThat(
            problem(raw("web", "garbage", "application/json", bytes), HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("t=<unix seconds>");
  }

  @Test
  void replayed_signature_is_401() {
    String body = "{\"name\":\"张三\"}";
    Map<String, Object> p =
        problem(
            raw(
                "web",
                sig(WEB_SECRET, now() - 301, body),
                "application/json",
                body.getBytes(StandardCharsets.UTF_8)),
            HttpStatus.UNAUTHORIZED);
    assertThat(p.get("detail").toString()).contains("replay");
  }

  @Test
  void body_over_64_kib_is_413() {
    String body = "{\"name\":\"张三\",\"message\":\"" + "x".repeat(70_000) + "\"}";
    Map<String, Object> p = problem(signed("web", WEB_SECRET, body), HttpStatus.CONTENT_TOO_LARGE);
    assertThat(p.get("detail").toString()).contains("64 KiB");
  }

  @Test
  void content_type_that_is_not_json_is_415() {
    String body = "{\"name\":\"张三\"}";
    Map<String, Object> p =
        problem(
            raw(
                "web",
                sig(WEB_SECRET, now(), body),
                "text/plain",
                body.getBytes(StandardCharsets.UTF_8)),
            HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(p.get("detail").toString()).contains("application/json");
  }

  @Test
  void content_type_that_cannot_be_parsed_is_415_not_500() {
    // WebTestClient refuses to send an unparsable Content-Type: over plain HTTP instead.
    String body = "{\"name\":\"张三\"}";
    java.net.http.HttpResponse<String> answer =
        PlatformFlows.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/leads"))
                .header("Content-Type", "foo")
                .header("X-Salesbot-Source", "web")
                .header("X-Salesbot-Signature", sig(WEB_SECRET, now(), body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(415);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void an_id_with_a_control_character_is_400_naming_no_exception() {
    Map<String, Object> p =
        problem(
            http.get().uri("/api/v1/leads/{id}", "\u0000").header("Authorization", ADMIN),
            HttpStatus.BAD_REQUEST);
    assertThat(p.get("detail").toString())
        .contains("control character")
        .doesNotContain("Exception");
  }

  @Test
  void admin_endpoints_need_the_token() {
    assertThat(
            problem(http.get().uri("/api/v1/admin/dead-letters"), HttpStatus.UNAUTHORIZED)
                .get("detail")
                .toString())
        .contains("Bearer");
    assertThat(
            problem(
                http.get().uri("/api/v1/leads/whatever").header("Authorization", "Bearer wrong"),
                HttpStatus.UNAUTHORIZED))
        .isNotNull();
    assertThat(
            problem(
                    http.get().uri("/api/v1/leads/no-such-lead").header("Authorization", ADMIN),
                    HttpStatus.NOT_FOUND)
                .get("detail")
                .toString())
        .contains("no-such-lead");
    http.get()
        .uri("/api/v1/admin/dead-letters")
        .header("Authorization", ADMIN)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(
            problem(
                http.post()
                    .uri("/api/v1/admin/dead-letters/nope/replay")
                    .header("Authorization", ADMIN),
                HttpStatus.BAD_REQUEST))
        .isNotNull();
    assertThat(
            problem(
                http.post()
                    .uri("/api/v1/admin/dead-letters/1-0/replay")
                    .header("Authorization", ADMIN),
                HttpStatus.NOT_FOUND))
        .isNotNull();
  }

  @Test
  void unknown_paths_answer_a_problem_not_a_trace() {
    http.get()
        .uri("/no/such/page")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody(String.class)
        .value(b -> assertThat(b).doesNotContain("Exception").doesNotContain("\tat "));
  }
}
