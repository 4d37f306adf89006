package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.util.Objects;
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
 * </ul>
 *
 * <p>The two POSTs enqueue an inbound event and answer {@code 202 {"eventId": ...}} once it is
 * queued, or {@code 503} with {@code Retry-After} when the queue cannot take it.
 */
public final class SandboxAdapterConfiguration {
  private final SandboxPlatform platform;
  private final RouterFunction<ServerResponse> routes;

  public SandboxAdapterConfiguration(
      InboundQueue inboundQueue, TeamDirectory teamDirectory, Clock clock) {
    Objects.requireNonNull(inboundQueue, "inboundQueue");
    Objects.requireNonNull(teamDirectory, "teamDirectory");
    Objects.requireNonNull(clock, "clock");
    this.platform = new SandboxPlatform(clock, teamDirectory);
    this.routes =
        new SandboxRoutes(platform, new SandboxUsers(teamDirectory), inboundQueue, clock).routes();
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
