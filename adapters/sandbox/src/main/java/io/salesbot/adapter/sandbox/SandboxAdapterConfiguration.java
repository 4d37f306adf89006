package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Everything the sandbox platform offers, for the server to wire with {@code @Bean} methods: the
 * {@link ChatPlatform} that fills in-memory inboxes, and the {@code /sandbox/**} endpoints to read
 * them, press card buttons and type messages. Both share one set of inboxes, so create one instance
 * per application.
 *
 * <p>Endpoints (JSON; errors are {@code application/problem+json}):
 *
 * <ul>
 *   <li>{@code GET /sandbox/users} — the sandbox reps and managers of all teams
 *   <li>{@code GET /sandbox/users/{userId}/inbox} — cards, texts and chart images, newest first
 *   <li>{@code POST /sandbox/actions} {@code {userId, cardId, action, payload}} — press a button
 *   <li>{@code POST /sandbox/users/{userId}/messages} {@code {text}} — type to the bot
 *   <li>{@code POST /sandbox/users/{userId}/files} multipart, the file in the part {@code file}
 *       (optional part {@code kind}: {@code file} or {@code photo}) — send the bot a file; stored
 *       within the evidence limits before it is queued (413 too large, 415 type not taken)
 * </ul>
 *
 * <p>The POSTs enqueue an inbound event and answer {@code 202 {"eventId": ...}} once it is queued,
 * or {@code 503} with {@code Retry-After} when the queue cannot take it.
 */
public final class SandboxAdapterConfiguration {
  private final SandboxPlatform platform;
  private final RouterFunction<ServerResponse> routes;

  /** Without an evidence store: {@code POST /sandbox/users/{userId}/files} answers 503. */
  public SandboxAdapterConfiguration(
      InboundQueue inboundQueue, TeamDirectory teamDirectory, Clock clock) {
    this(inboundQueue, teamDirectory, clock, null);
  }

  /**
   * @param evidenceFiles where uploaded files are stored (within its limits) before the file
   *     message is queued
   */
  public SandboxAdapterConfiguration(
      InboundQueue inboundQueue,
      TeamDirectory teamDirectory,
      Clock clock,
      @Nullable EvidenceFiles evidenceFiles) {
    Objects.requireNonNull(inboundQueue, "inboundQueue");
    Objects.requireNonNull(teamDirectory, "teamDirectory");
    Objects.requireNonNull(clock, "clock");
    this.platform = new SandboxPlatform(clock, teamDirectory);
    this.routes =
        new SandboxRoutes(
                platform, new SandboxUsers(teamDirectory), inboundQueue, clock, evidenceFiles)
            .routes();
  }

  /** The sandbox chat platform, id {@code sandbox}; always the same instance. */
  public ChatPlatform platform() {
    return platform;
  }

  /** The {@code /sandbox/**} endpoints; always the same instance. */
  public RouterFunction<ServerResponse> routes() {
    return routes;
  }
}
