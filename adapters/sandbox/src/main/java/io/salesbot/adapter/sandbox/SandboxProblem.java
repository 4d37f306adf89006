package io.salesbot.adapter.sandbox;

import io.salesbot.adapter.support.HttpProblem;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A request the sandbox endpoints refuse, answered as an RFC 9457 problem with a detail in Chinese
 * and English. Carries no stack trace: it is an answer, not a crash.
 */
final class SandboxProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String title;
  private final String detail;
  private final @Nullable Duration retryAfter;

  private SandboxProblem(
      HttpStatus status, String title, String zh, String en, @Nullable Duration retryAfter) {
    super(zh + " " + en, null, false, false);
    this.status = status;
    this.title = title;
    this.detail = zh + " " + en;
    this.retryAfter = retryAfter;
  }

  static SandboxProblem badRequest(String zh, String en) {
    return new SandboxProblem(HttpStatus.BAD_REQUEST, "Bad request", zh, en, null);
  }

  static SandboxProblem notFound(String zh, String en) {
    return new SandboxProblem(HttpStatus.NOT_FOUND, "Not found", zh, en, null);
  }

  static SandboxProblem tooLarge(String zh, String en) {
    return new SandboxProblem(HttpStatus.CONTENT_TOO_LARGE, "Content too large", zh, en, null);
  }

  static SandboxProblem unsupportedMediaType(String zh, String en) {
    return new SandboxProblem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", zh, en, null);
  }

  static SandboxProblem unavailable(String zh, String en, Duration retryAfter) {
    return new SandboxProblem(
        HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", zh, en, retryAfter);
  }

  static SandboxProblem internal(String zh, String en) {
    return new SandboxProblem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", zh, en, null);
  }

  HttpStatus status() {
    return status;
  }

  Mono<ServerResponse> toResponse(ServerRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return HttpProblem.respond(HttpProblem.about(request, problem), retryAfter);
  }
}
