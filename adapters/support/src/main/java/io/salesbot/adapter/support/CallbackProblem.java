package io.salesbot.adapter.support;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A callback an adapter refuses, answered as an RFC 9457 problem: an answer, not a crash. Thrown
 * inside a handler's pipeline and turned into the response by {@link #toResponse}.
 */
public final class CallbackProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(CallbackProblem.class);

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
    return HttpProblem.respond(
        HttpProblem.about(request, HttpProblem.problem(status, null, getMessage())), retryAfter);
  }

  /**
   * The answer to a callback that failed: the problem itself when it is one (logged at debug), else
   * 503 with {@code Retry-After} so that the platform retries (logged as an error, never shown).
   */
  public static Mono<ServerResponse> respond(
      Throwable error, ServerRequest request, String platformName) {
    if (error instanceof CallbackProblem p) {
      log.debug(
          "refused {} callback {} {}: {}",
          platformName,
          request.method(),
          request.path(),
          p.getMessage());
      return p.toResponse(request);
    }
    log.error("{} callback {} {} failed", platformName, request.method(), request.path(), error);
    return unavailable("the callback could not be handled", Duration.ofSeconds(5))
        .toResponse(request);
  }

  /**
   * A callback's body as UTF-8 text, at most {@code maxBytes} (413 beyond, judged by the declared
   * length first), 400 when empty.
   */
  public static Mono<String> body(ServerRequest request, int maxBytes) {
    return BoundedBody.text(request, maxBytes)
        .onErrorMap(
            BoundedBody.TooLarge.class,
            e ->
                of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "the body is larger than " + (maxBytes / 1024) + " KiB"))
        .filter(text -> !text.isEmpty())
        .switchIfEmpty(Mono.error(() -> of(HttpStatus.BAD_REQUEST, "the body is empty")));
  }
}
