package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.core.lead.IntakeSignature;
import io.salesbot.server.devservices.DevServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Redis stops: leads and platform callbacks are parked in PostgreSQL, acknowledged, and processed
 * once it is back; readiness stays up meanwhile. With PostgreSQL hanging too, intake answers 503
 * with Retry-After in time instead of hanging.
 */
class RedisOutageTest extends EndToEndSupport {

  @AfterEach
  void redisBack() {
    if (!DevServices.redis().isRunning()) {
      DevServices.redis().start();
    }
  }

  @Test
  void leads_taken_while_redis_is_down_are_processed_after_it_returns() {
    DevServices.redis().stop();
    String phone = randomPhone();
    String intakeId = submit("{\"name\":\"断线客户\",\"phone\":\"" + phone + "\",\"region\":\"华南\"}");
    assertThat(count("select count(*) from intake_fallback where intake_id = '" + intakeId + "'"))
        .isEqualTo(1);
    String again =
        submit("{\"name\":\"断线客户二\",\"region\":\"华南\",\"externalId\":\"outage-" + phone + "\"}");
    assertThat(
            submit(
                "{\"name\":\"断线客户二\",\"region\":\"华南\",\"externalId\":\"outage-" + phone + "\"}"))
        .isEqualTo(again);

    DevServices.redis().start();

    Map<String, Object> lead =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")));
    assertThat(lead).containsEntry("team", "south");
    awaitItem("chenqi", card("lead-" + lead.get("id"), "LEAD_OFFER"));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> lead(again), l -> "POOLED".equals(l.get("status")));
    assertThat(count("select count(*) from intake_fallback")).isZero();
    assertThat(count("select count(*) from leads where external_id = 'outage-" + phone + "'"))
        .isEqualTo(1);
  }

  @Test
  void callbacks_taken_while_redis_is_down_are_parked_and_answered_after_it_returns() {
    int before = inbox("wushi").size();
    DevServices.redis().stop();

    http.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    http.post()
        .uri("/sandbox/users/{u}/messages", "wushi")
        .bodyValue(Map.of("text", "/help"))
        .exchange()
        .expectStatus()
        .isAccepted();
    assertThat(count("select count(*) from intake_fallback where fields->>'type' = 'text'"))
        .isEqualTo(1);

    DevServices.redis().start();

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> inbox("wushi").size() > before);
    assertThat(count("select count(*) from intake_fallback")).isZero();
  }

  @Test
  void intake_answers_503_with_retry_after_within_5_s_when_redis_is_down_and_postgres_hangs() {
    DevServices.redis().stop();
    byte[] body = "{\"name\":\"挂起客户\",\"region\":\"华南\"}".getBytes(StandardCharsets.UTF_8);
    try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
      http.mutate()
          .responseTimeout(Duration.ofSeconds(5))
          .build()
          .post()
          .uri("/api/v1/leads")
          .contentType(MediaType.APPLICATION_JSON)
          .header("X-Salesbot-Source", "web")
          .header(
              "X-Salesbot-Signature",
              IntakeSignature.sign(WEB_SECRET, Instant.now().getEpochSecond(), body))
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectHeader()
          .valueEquals("Retry-After", "5")
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }
}
