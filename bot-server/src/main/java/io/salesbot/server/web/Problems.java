package io.salesbot.server.web;

import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.lead.domain.FieldError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * RFC 9457 problem responses with a clear detail; never a stack trace. Written by {@link
 * HttpProblem}, like the adapters' callbacks.
 */
public final class Problems {
  private Problems() {}

  public static Mono<ServerResponse> of(HttpStatus status, String type, String detail) {
    return respond(problem(status, type, detail), null);
  }

  /** 400 {@code invalid-lead} with an {@code errors} list of {@code {field, message}}. */
  public static ProblemDetail invalidProblem(String detail, List<FieldError> errors) {
    ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-lead", detail);
    p.setProperty(
        "errors",
        errors.stream()
            .map(
                e -> {
                  Map<String, String> error = new LinkedHashMap<>();
                  error.put("field", e.field());
                  error.put("message", e.message());
                  return error;
                })
            .toList());
    return p;
  }

  public static Mono<ServerResponse> unavailable(String detail, Duration retryAfter) {
    return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail), retryAfter);
  }

  public static ProblemDetail problem(HttpStatus status, String type, String detail) {
    return HttpProblem.problem(status, type, detail);
  }

  private static Mono<ServerResponse> respond(ProblemDetail p, @Nullable Duration retryAfter) {
    return HttpProblem.respond(p, retryAfter);
  }
}
