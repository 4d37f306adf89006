package io.salesbot.server.console;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.adapter.support.HttpProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /console/api/users/{userId}/files}: the emulator sends a file or photo to the bot as
 * a sandbox user, with the session's CSRF token in {@code X-CSRF-Token} ({@link ConsoleGuard}). The
 * upload goes through the sandbox's own evidence path ({@link SandboxAdapterConfiguration#sendFile}
 * — {@code POST /sandbox/users/{userId}/files}): the same multipart form, size and type limits
 * ({@code salesbot.evidence.*}), Chinese problems, and the file stored before the message is
 * queued.
 */
final class ConsoleEvidence {
  private final @Nullable SandboxAdapterConfiguration sandbox;

  ConsoleEvidence(@Nullable SandboxAdapterConfiguration sandbox) {
    this.sandbox = sandbox;
  }

  Mono<ServerResponse> upload(ServerRequest request) {
    SandboxAdapterConfiguration box = sandbox;
    if (box == null) {
      return HttpProblem.of(
          HttpStatus.NOT_FOUND, "no-sandbox", "files are sent from the emulator only in try-out");
    }
    return box.sendFile(request);
  }
}
