package io.salesbot.adapter.support;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * RFC 9457 problems as {@code application/problem+json}, written once for the server's endpoints
 * and the adapters' callbacks, forms and sandbox: a clear detail, never a stack trace, and {@code
 * Retry-After} (whole seconds, at least 1) when the caller should come back.
 */
public final class HttpProblem {
  /** Where problem types live: {@code type} is this and a short name, e.g. {@code too-large}. */
  public static final String TYPES = "https://salesbot.io/problems/";

  private HttpProblem() {}

  /** A problem with the status's reason phrase as title and, when given, a type. */
  public static ProblemDetail problem(HttpStatus status, @Nullable String type, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    if (type != null) {
      p.setType(URI.create(TYPES + type));
    }
    p.setTitle(status.getReasonPhrase());
    return p;
  }

  /** {@link #problem} answered at once. */
  public static Mono<ServerResponse> of(HttpStatus status, String type, String detail) {
    return respond(problem(status, type, detail), null);
  }

  /** A problem about this request: its path is the problem's {@code instance}. */
  public static ProblemDetail about(ServerRequest request, ProblemDetail problem) {
    problem.setInstance(URI.create(request.uri().getRawPath()));
    return problem;
  }

  /**
   * The members of {@code problem} as Spring's codecs write them ({@code type, title, status,
   * detail, instance}, then its properties), for an endpoint that writes its own bytes.
   */
  public static Map<String, Object> members(ProblemDetail problem) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", problem.getType().toString());
    if (problem.getTitle() != null) {
      members.put("title", problem.getTitle());
    }
    members.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      members.put("detail", problem.getDetail());
    }
    if (problem.getInstance() != null) {
      members.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      members.putAll(problem.getProperties());
    }
    return members;
  }

  /**
   * The answer: {@code problem} as {@code application/problem+json}, {@code Retry-After} if set.
   */
  public static Mono<ServerResponse> respond(ProblemDetail problem, @Nullable Duration retryAfter) {
    ServerResponse.BodyBuilder response =
        ServerResponse.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryAfter != null) {
      response.header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    return response.bodyValue(problem);
  }
}
