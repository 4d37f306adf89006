package io.salesbot.adapter.support;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A callback an adapter refuses, answered as an RFC 9457 problem: an answer, not a crash. Thrown
 * inside a handler's pipeline and turned into the response by {@link #toResponse}.
 */
public final class CallbackProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final @Nullable Duration retryAfter;

  private CallbackProblem(HttpStatus status, String detail, @Nullable Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** A refusal with this status and a detail that says what is wrong. */
  public static CallbackProblem of(HttpStatus status, String detail) {
    return new CallbackProblem(status, detail, null);
  }

  /** 503 with {@code Retry-After}: the callback is fine, salesbot cannot take it now. */
  public static CallbackProblem unavailable(String detail, Duration retryAfter) {
    return new CallbackProblem(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
  }

  public HttpStatus status() {
    return status;
  }

  /** The problem as {@code application/problem+json}, with {@code Retry-After} when set. */
  public Mono<ServerResponse> toResponse(ServerRequest request) {
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
