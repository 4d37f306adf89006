package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
  private final SandboxUsers users;
  private final RouterFunction<ServerResponse> routes;
  private final SandboxRoutes handlers;

  /**
   * Somebody one can act as in the sandbox, as {@code GET /sandbox/users} lists them.
   *
   * @param userId the user id on the sandbox platform ({@code zhangsan} of {@code
   *     sandbox:zhangsan})
   * @param name the display name from the team directory
   * @param teamId the id of their (first) team
   * @param teamName the name of that team
   * @param role {@code rep} or {@code manager}
   */
  public record User(String userId, String name, String teamId, String teamName, String role) {}

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
    this.users = new SandboxUsers(teamDirectory);
    this.handlers = new SandboxRoutes(platform, users, inboundQueue, clock, evidenceFiles);
    this.routes = handlers.routes();
  }

  /** The sandbox reps and managers, as {@code GET /sandbox/users} lists them, read afresh. */
  public List<User> users() {
    return users.all().stream()
        .map(
            u -> new User(u.address().userId(), u.name(), u.team().id(), u.team().name(), u.role()))
        .toList();
  }

  /**
   * The user id of each sandbox inbox as something is put into it (a card, a card update, a text):
   * hot, best effort, nothing replayed. A live view re-reads the inbox on each notice.
   */
  public Flux<String> inboxChanges() {
    return platform.changes();
  }

  /** The sandbox chat platform, id {@code sandbox}; always the same instance. */
  public ChatPlatform platform() {
    return platform;
  }

  /**
   * A file or photo sent to the bot, exactly as {@code POST /sandbox/users/{userId}/files} takes it
   * (the same checks, limits and Chinese problems; stored before the message is queued), for
   * another endpoint that lets someone send one — the web console's emulator. The request must
   * carry the path variable {@code userId} and the multipart body.
   */
  public Mono<ServerResponse> sendFile(ServerRequest request) {
    return handlers.fileAnswered(request);
  }

  /** The {@code /sandbox/**} endpoints; always the same instance. */
  public RouterFunction<ServerResponse> routes() {
    return routes;
  }
}
