package io.salesbot.adapter.wecom;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** A callback the adapter refuses, answered as an RFC 9457 problem; an answer, not a crash. */
final class WecomProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final @Nullable Duration retryAfter;

  private WecomProblem(HttpStatus status, String detail, @Nullable Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  static WecomProblem of(HttpStatus status, String detail) {
    return new WecomProblem(status, detail, null);
  }

  static WecomProblem unavailable(String detail, Duration retryAfter) {
    return new WecomProblem(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
  }

  HttpStatus status() {
    return status;
  }

  Mono<ServerResponse> toResponse(ServerRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setTitle(status.getReasonPhrase());
    problem.setInstance(URI.create(request.uri().getRawPath()));
    ServerResponse.BodyBuilder response =
        ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryAfter != null) {
      response.header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    return response.bodyValue(problem);
  }
}
