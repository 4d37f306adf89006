package io.salesbot.server.console;

import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.server.pipeline.InfrastructureOutages;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * What every console route answers when a handler fails unexpectedly: a 500 problem (logged, never
 * a stack trace). A storage outage is not handled here but passed on, so that {@link ConsoleGuard}
 * answers it with its 503 page or problem.
 */
final class ConsoleErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

  private ConsoleErrors() {}

  /** For {@code RouterFunctions.Builder.onError(Throwable.class, ConsoleErrors::unexpected)}. */
  static Mono<ServerResponse> unexpected(Throwable error, ServerRequest request) {
    if (error instanceof TimeoutException || InfrastructureOutages.isInfrastructureFailure(error)) {
      return Mono.error(error);
    }
    LOG.error("console request {} {} failed", request.method(), request.path(), error);
    return HttpProblem.of(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal",
        "the console failed unexpectedly; see the server log");
  }
}
