package io.salesbot.server.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

  /** {@code handler}'s answer when the request carries the admin token, else the refusal. */
  public Mono<ServerResponse> guard(
      ServerRequest request, Function<ServerRequest, Mono<ServerResponse>> handler) {
    if (token == null) {
      return Problems.of(
          HttpStatus.FORBIDDEN,
          "admin-off",
          "admin endpoints are off; set salesbot.admin.token to turn them on");
    }
    String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
    String given =
        header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return Problems.of(
          HttpStatus.UNAUTHORIZED,
          "unauthorized",
          "send Authorization: Bearer <salesbot.admin.token>");
    }
    return handler.apply(request);
  }
}
