package io.salesbot.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.SalesbotProperties;
import java.security.Principal;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

class ActuatorGuardTest {
  private final FilterProbe probe = new FilterProbe();

  @Test
  void refuses_prometheus_without_the_token_on_the_application_port() {
    MockServerWebExchange exchange =
        get(guard(new MockEnvironment()), "/actuator/prometheus", null);

    assertThat(probe.passed()).isNull();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void lets_the_token_through_with_a_principal() {
    get(guard(new MockEnvironment()), "/actuator/prometheus", "Bearer s3cret");

    ServerWebExchange through = probe.passed();
    assertThat(through).isNotNull();
    assertThat(through.getPrincipal().map(Principal::getName).block()).isEqualTo("salesbot-admin");
  }

  @Test
  void answers_403_when_no_admin_token_is_configured() {
    ActuatorGuard guard = new ActuatorGuard(properties(null), new MockEnvironment());

    MockServerWebExchange exchange = get(guard, "/actuator/metrics", "Bearer anything");

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void leaves_probes_and_other_paths_open() {
    ActuatorGuard guard = guard(new MockEnvironment());
    for (String path :
        new String[] {
          "/actuator/health",
          "/actuator/health/liveness",
          "/actuator/health/readiness/",
          "/api/v1/leads",
          "/actuatorx"
        }) {
      get(guard, path, null);
      assertThat(probe.passed()).as(path).isNotNull();
    }
  }

  @Test
  void leaves_a_separate_management_port_alone() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("server.port", "8080")
            .withProperty("management.server.port", "9090");

    get(guard(env), "/actuator/prometheus", null);

    assertThat(probe.passed()).isNotNull();
  }

  @Test
  void guards_when_the_management_port_is_the_application_port() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("server.port", "8080")
            .withProperty("management.server.port", "8080");

    get(guard(env), "/actuator/prometheus", null);

    assertThat(probe.passed()).isNull();
  }

  private static ActuatorGuard guard(MockEnvironment env) {
    return new ActuatorGuard(properties("s3cret"), env);
  }

  private static SalesbotProperties properties(@Nullable String token) {
    return BoundProperties.bind(
        "salesbot",
        SalesbotProperties.class,
        token == null ? Map.of() : Map.of("admin.token", token));
  }

  private MockServerWebExchange get(ActuatorGuard guard, String path, @Nullable String bearer) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
    if (bearer != null) {
      request.header("Authorization", bearer);
    }
    return probe.run(guard, MockServerWebExchange.from(request));
  }
}
