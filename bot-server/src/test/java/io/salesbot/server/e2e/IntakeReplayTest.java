package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.core.lead.IntakeSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

/**
 * A captured signed request replayed within the signature window (no externalId, no
 * Idempotency-Key) is the same intake, not a new lead each time.
 */
class IntakeReplayTest extends EndToEndSupport {

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec send(
      byte[] body, String signature) {
    return http.post()
        .uri("/api/v1/leads")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Salesbot-Source", "web")
        .header("X-Salesbot-Signature", signature)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private String post(byte[] body, String signature) {
    Map<String, Object> answer =
        send(body, signature)
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return (String) answer.get("intakeId");
  }

  @Test
  void the_202_is_the_intake_id_as_json_with_its_length() {
    byte[] body = "{\"name\":\"应答客户\",\"region\":\"华南\"}".getBytes(StandardCharsets.UTF_8);

    var answer =
        send(body, IntakeSignature.sign(WEB_SECRET, Instant.now().getEpochSecond(), body))
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .returnResult();

    assertThat(answer.getResponseBody())
        .matches(
            "\\{\"intakeId\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"}");
    assertThat(answer.getResponseHeaders().getContentLength())
        .isEqualTo(answer.getResponseBody().getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void a_replayed_signed_request_is_the_same_intake_and_creates_one_lead() {
    String phone = randomPhone();
    byte[] body =
        ("{\"name\":\"重放客户\",\"phone\":\"" + phone + "\",\"region\":\"华东\"}")
            .getBytes(StandardCharsets.UTF_8);
    String signature = IntakeSignature.sign(WEB_SECRET, Instant.now().getEpochSecond(), body);

    String first = post(body, signature);
    String replayed = post(body, signature);
    String again = post(body, signature);

    assertThat(replayed).isEqualTo(first);
    assertThat(again).isEqualTo(first);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> lead(first), l -> l.get("status") != null);
    assertThat(count("select count(*) from leads where intake_id = '" + first + "'")).isEqualTo(1);
    // The same lead signed anew (a genuine second submission) is a new intake.
    String resigned =
        post(body, IntakeSignature.sign(WEB_SECRET, Instant.now().getEpochSecond() - 100, body));
    assertThat(resigned).isNotEqualTo(first);
  }
}
