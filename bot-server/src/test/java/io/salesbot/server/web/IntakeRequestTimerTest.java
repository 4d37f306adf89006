package io.salesbot.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

class IntakeRequestTimerTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final IntakeRequestTimer timer = new IntakeRequestTimer(meters);

  @Test
  void times_an_intake_request_once_with_the_observations_name_and_tags() {
    for (int i = 0; i < 2; i++) {
      MockServerWebExchange exchange = exchange(MockServerHttpRequest.post("/api/v1/leads"));
      timer
          .filter(
              exchange,
              e -> {
                e.getResponse().setStatusCode(HttpStatus.ACCEPTED);
                return e.getResponse().setComplete();
              })
          .block();
    }

    Timer accepted =
        meters
            .get("http.server.requests")
            .tags("error", "none", "exception", "none", "method", "POST", "outcome", "SUCCESS")
            .tags("status", "202", "uri", "/api/v1/leads")
            .timer();
    assertThat(accepted.count()).isEqualTo(2);
    assertThat(accepted.getId().getTags()).hasSize(6);
    assertThat(meters.getMeters()).hasSize(1);
  }

  @Test
  void leaves_every_other_request_to_the_observation() {
    for (MockServerHttpRequest.BaseBuilder<?> request :
        java.util.List.of(
            MockServerHttpRequest.get("/api/v1/leads"),
            MockServerHttpRequest.get("/api/v1/leads/abc"),
            MockServerHttpRequest.post("/api/v1/leads/"),
            MockServerHttpRequest.post("/api/v1/records"))) {
      PublisherProbe<Void> chain = PublisherProbe.empty();

      timer.filter(exchange(request), e -> chain.mono()).block();

      assertThat(chain.wasSubscribed()).isTrue();
    }
    assertThat(meters.getMeters()).isEmpty();
  }

  @Test
  void the_observation_skips_the_intake_and_only_the_intake() {
    var skips = IntakeRequestTimer.skipsObservation();

    assertThat(
            skips.test(
                "http.server.requests", context(MockServerHttpRequest.post("/api/v1/leads"))))
        .isFalse();
    assertThat(
            skips.test("http.server.requests", context(MockServerHttpRequest.get("/api/v1/leads"))))
        .isTrue();
    assertThat(
            skips.test(
                "http.server.requests", context(MockServerHttpRequest.post("/callbacks/wecom"))))
        .isTrue();
    assertThat(skips.test("r2dbc.query", new Observation.Context())).isTrue();
  }

  @Test
  void a_request_whose_client_went_away_is_timed_as_unknown() {
    MockServerWebExchange exchange = exchange(MockServerHttpRequest.post("/api/v1/leads"));

    StepVerifier.create(timer.filter(exchange, e -> Mono.never())).thenCancel().verify();

    assertThat(
            meters
                .get("http.server.requests")
                .tags("status", "UNKNOWN", "outcome", "UNKNOWN", "exception", "none")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void a_failure_is_timed_when_its_answer_goes_out_with_that_answers_status() {
    MockServerWebExchange exchange = exchange(MockServerHttpRequest.post("/api/v1/leads"));

    StepVerifier.create(timer.filter(exchange, e -> Mono.error(new IllegalStateException("bug"))))
        .verifyError(IllegalStateException.class);
    assertThat(meters.getMeters()).as("not before the answer").isEmpty();

    // What the WebExceptionHandler does further out.
    exchange.getResponse().setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
    exchange.getResponse().setComplete().block();

    Timer failed =
        meters
            .get("http.server.requests")
            .tags("status", "500", "outcome", "SERVER_ERROR")
            .tags("exception", "IllegalStateException", "error", "IllegalStateException")
            .timer();
    assertThat(failed.count()).isEqualTo(1);
  }

  private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
    return MockServerWebExchange.from(request);
  }

  private static ServerRequestObservationContext context(
      MockServerHttpRequest.BaseBuilder<?> request) {
    MockServerWebExchange exchange = exchange(request);
    return new ServerRequestObservationContext(
        exchange.getRequest(), exchange.getResponse(), exchange.getAttributes());
  }
}
