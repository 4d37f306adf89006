package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Health, metrics and the API description a new admin relies on. */
class OperationsTest extends EndToEndSupport {

  @Test
  void readiness_includes_postgres_but_not_redis_whose_outage_postgres_absorbs() {
    http.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.r2dbc.status")
        .isEqualTo("UP")
        .jsonPath("$.components.redis")
        .doesNotExist();
  }

  @Test
  void prometheus_shows_intake_and_stream_metrics() {
    submit("{\"name\":\"指标客户\",\"region\":\"华东\"}");
    signed("web", "wrong-secret-000", "{\"name\":\"x\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    String metrics =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(15))
            .until(
                () ->
                    http.get()
                        .uri("/actuator/prometheus")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody(),
                body ->
                    body.contains("salesbot_stream_length")
                        && body.contains("salesbot_outbound_commands_total")
                        && body.contains("salesbot_outbox_waiting"));
    assertThat(metrics)
        .contains("salesbot_intake_requests_total{application=\"salesbot\",outcome=\"accepted\"")
        .contains("reason=\"bad-signature\"")
        .contains("stream=\"salesbot:in:hot\"")
        .contains("salesbot_outbox_waiting{application=\"salesbot\",platform=\"sandbox\"} 0.0");
  }

  @Test
  void openapi_describes_the_intake_api() {
    http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paths['/api/v1/leads'].post.operationId")
        .isEqualTo("submitLead")
        .jsonPath("$.paths['/api/v1/admin/dead-letters'].get")
        .exists();
  }
}
