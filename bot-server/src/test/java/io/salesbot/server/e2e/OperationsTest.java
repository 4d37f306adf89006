package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Health, metrics and the API description a new admin relies on. */
class OperationsTest extends EndToEndSupport {

  @Test
  void readiness_includes_postgres_but_not_redis_whose_outage_postgres_absorbs() {
    http.get()
        .uri("/actuator/health/readiness")
        .header("Authorization", ADMIN)
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
  void probes_answer_without_a_token_and_show_no_components() {
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      http.get()
          .uri(probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP")
          .jsonPath("$.components")
          .doesNotExist();
    }
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components")
        .doesNotExist();
    http.get()
        .uri("/actuator/health")
        .header("Authorization", ADMIN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.r2dbc.status")
        .isEqualTo("UP");
  }

  @Test
  void metrics_answer_only_with_the_admin_token() {
    for (String path :
        new String[] {
          "/actuator/prometheus",
          "/actuator/metrics",
          "/actuator/metrics/jvm.threads.live",
          "/actuator/health/r2dbc"
        }) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .valueEquals("WWW-Authenticate", "Bearer realm=\"salesbot\"")
          .expectHeader()
          .contentType("application/problem+json")
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo(401);
      http.get()
          .uri(path)
          .header("Authorization", "Bearer wrong-token")
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
    http.get()
        .uri("/actuator/metrics")
        .header("Authorization", ADMIN)
        .exchange()
        .expectStatus()
        .isOk();
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
                        .header("Authorization", ADMIN)
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
  void the_intake_is_timed_once_per_request_under_the_dashboards_name_and_tags() {
    String accepted =
        "http_server_requests_seconds_count{application=\"salesbot\",error=\"none\","
            + "exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"202\","
            + "uri=\"/api/v1/leads\"}";
    String refused =
        "http_server_requests_seconds_count{application=\"salesbot\",error=\"none\","
            + "exception=\"none\",method=\"POST\",outcome=\"CLIENT_ERROR\",status=\"401\","
            + "uri=\"/api/v1/leads\"}";
    String before = scrape();

    submit("{\"name\":\"计时客户一\",\"region\":\"华东\"}");
    submit("{\"name\":\"计时客户二\",\"region\":\"华南\"}");
    signed("web", "wrong-secret-000", "{\"name\":\"x\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized();

    // A request is timed once its answer is written, which may be just after the client read it.
    String[] after = new String[1];
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              after[0] = scrape();
              assertThat(sample(after[0], accepted) - sample(before, accepted)).isEqualTo(2.0);
              assertThat(sample(after[0], refused) - sample(before, refused)).isEqualTo(1.0);
            });
    // What the Grafana dashboard reads besides the count.
    assertThat(after[0])
        .contains(accepted.replace("_count{", "_sum{"))
        .contains(accepted.replace("_count{", "_max{"));
  }

  @Test
  void the_intake_is_answered_on_its_own_netty_route_ahead_of_webflux(
      @org.springframework.beans.factory.annotation.Autowired
          java.util.List<org.springframework.boot.reactor.netty.NettyRouteProvider> routes) {
    // Spring Boot puts every NettyRouteProvider bean ahead of WebFlux on the server it starts.
    assertThat(routes).hasAtLeastOneElementOfType(io.salesbot.server.intake.IntakeRoute.class);
  }

  /** The value of the series named exactly {@code series} (name and labels), 0 when absent. */
  private static double sample(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
        .findFirst()
        .orElse(0.0);
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
