package io.salesbot.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ControlCharacterGuardTest {
  private final ControlCharacterGuard guard = new ControlCharacterGuard();
  private final FilterProbe probe = new FilterProbe();

  @Test
  void answers_400_problem_for_an_encoded_control_character() {
    for (String path : new String[] {"/api/v1/leads/a%00b", "/callbacks/wecom/%1f", "/x%7F"}) {
      MockServerWebExchange exchange = post(path);

      assertThat(probe.passed()).as(path).isNull();
      assertThat(exchange.getResponse().getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(exchange.getResponse().getHeaders().getContentType())
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(exchange.getResponse().getBodyAsString().block())
          .contains("\"status\":400")
          .contains("control character");
    }
  }

  @Test
  void lets_paths_without_one_through_including_other_escapes() {
    for (String path :
        new String[] {"/api/v1/leads", "/api/v1/leads/%E5%8D%8E", "/x%20y", "/x%2F"}) {
      MockServerWebExchange exchange = post(path);

      assertThat(probe.passed()).as(path).isSameAs(exchange);
      assertThat(exchange.getResponse().getStatusCode()).as(path).isNull();
    }
  }

  private MockServerWebExchange post(String path) {
    return probe.run(
        guard,
        MockServerWebExchange.from(
            // From a URI as it came, so the '%' escapes stay escapes (a template would encode
            // them).
            MockServerHttpRequest.method(HttpMethod.POST, URI.create(path))));
  }
}
