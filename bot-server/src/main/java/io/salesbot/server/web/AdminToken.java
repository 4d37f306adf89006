package io.salesbot.server.web;

import io.salesbot.adapter.support.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one check in front of every admin endpoint: {@code Authorization: Bearer
 * <salesbot.admin.token>}, compared in constant time. With no token configured the endpoints are
 * off and answer 403; a missing or wrong bearer answers 401.
 */
public final class AdminToken {
  private final @Nullable String token;

  public AdminToken(@Nullable String token) {
    this.token = token == null || token.isBlank() ? null : token;
  }

  /** What an {@code Authorization} header is worth. */
  public enum Verdict {
    /** It carries the admin token. */
    ADMIN,
    /** No admin token is configured: admin endpoints are off. */
    OFF,
    /** Missing, not a bearer, or the wrong token. */
    WRONG
  }

  /** Checks an {@code Authorization} header value (may be null) in constant time. */
  public Verdict check(@Nullable String authorization) {
    if (token == null) {
      return Verdict.OFF;
    }
    String given =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring(7).strip()
            : "";
    return MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
        ? Verdict.ADMIN
        : Verdict.WRONG;
  }

  /** The refusal for a verdict other than {@link Verdict#ADMIN}. */
  public static ProblemDetail refusal(Verdict verdict) {
    return verdict == Verdict.OFF
        ? Problems.problem(
            HttpStatus.FORBIDDEN,
            "admin-off",
            "admin endpoints are off; set salesbot.admin.token to turn them on")
        : Problems.problem(
            HttpStatus.UNAUTHORIZED,
            "unauthorized",
            "send Authorization: Bearer <salesbot.admin.token>");
  }

  /** {@code handler}'s answer when the request carries the admin token, else the refusal. */
  public Mono<ServerResponse> guard(
      ServerRequest request, Function<ServerRequest, Mono<ServerResponse>> handler) {
    Verdict verdict = check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
    if (verdict != Verdict.ADMIN) {
      return HttpProblem.respond(refusal(verdict), null);
    }
    return handler.apply(request);
  }
}
