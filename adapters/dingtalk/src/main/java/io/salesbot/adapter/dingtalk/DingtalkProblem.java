package io.salesbot.adapter.dingtalk;

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
final class DingtalkProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final @Nullable Duration retryAfter;

  private DingtalkProblem(HttpStatus status, String detail, @Nullable Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  static DingtalkProblem of(HttpStatus status, String detail) {
    return new DingtalkProblem(status, detail, null);
  }

  static DingtalkProblem unavailable(String detail, Duration retryAfter) {
    return new DingtalkProblem(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
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
