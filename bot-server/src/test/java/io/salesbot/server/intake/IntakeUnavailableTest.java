package io.salesbot.server.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.salesbot.core.lead.IntakeSignature;
import io.salesbot.core.lead.SubmitLead;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import io.salesbot.server.config.SalesbotProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import tools.jackson.databind.json.JsonMapper;

/** 503 with Retry-After only when neither the queue nor the database can take the lead. */
class IntakeUnavailableTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final WebTestClient http;

  IntakeUnavailableTest() {
    SalesbotProperties.Intake intake =
        new SalesbotProperties.Intake(
            java.util.Map.of(
                "web",
                new SalesbotProperties.Source("web-secret-123", false, false, java.util.List.of())),
            java.time.Duration.ofSeconds(300),
            java.time.Duration.ofDays(7));
    IntakeHandler handler =
        new IntakeHandler(
            new SubmitLead(queue, fallback, Clock.systemUTC()),
            intake,
            JsonMapper.builder().build(),
            Clock.systemUTC(),
            meters);
    http =
        WebTestClient.bindToRouterFunction(
                RouterFunctions.route().POST("/api/v1/leads", handler::submit).build())
            .build();
  }

  private WebTestClient.ResponseSpec post() {
    byte[] body = "{\"name\":\"张三\"}".getBytes(StandardCharsets.UTF_8);
    return http.post()
        .uri("/api/v1/leads")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Salesbot-Source", "web")
        .header(
            "X-Salesbot-Signature",
            IntakeSignature.sign("web-secret-123", Instant.now().getEpochSecond(), body))
        .bodyValue(body)
        .exchange();
  }

  @Test
  void answers_503_with_retry_after_when_nothing_can_store_the_lead() {
    queue.down(true);
    fallback.down(true);
    post()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "5")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("retry later"));
    assertThat(
            meters
                .counter("salesbot.intake.requests", "outcome", "rejected", "reason", "unavailable")
                .count())
        .isEqualTo(1);
  }

  @Test
  void answers_202_through_the_database_when_only_the_queue_is_down() {
    queue.down(true);
    post().expectStatus().isAccepted().expectBody().jsonPath("$.intakeId").exists();
    assertThat(fallback.parked()).hasSize(1);
    assertThat(
            meters
                .counter("salesbot.intake.requests", "outcome", "fallback", "reason", "none")
                .count())
        .isEqualTo(1);
  }

  @Test
  void answers_503_with_retry_after_when_the_queue_is_down_and_the_database_hangs() {
    queue.down(true);
    fallback.hanging(true);
    // The client gives up after 5 s: the answer must come before.
    http.mutate()
        .responseTimeout(java.time.Duration.ofSeconds(5))
        .build()
        .post()
        .uri("/api/v1/leads")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Salesbot-Source", "web")
        .header(
            "X-Salesbot-Signature",
            IntakeSignature.sign(
                "web-secret-123",
                Instant.now().getEpochSecond(),
                "{\"name\":\"李四\"}".getBytes(StandardCharsets.UTF_8)))
        .bodyValue("{\"name\":\"李四\"}".getBytes(StandardCharsets.UTF_8))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "5");
  }
}
