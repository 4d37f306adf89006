package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.server.console.ConsoleSessions.Person;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Sign-in with WeCom or DingTalk. {@code GET /console/login/{platform}} makes a one-time {@code
 * state} (kept in Redis for {@link ConsoleSessions#STATE_LIFETIME} and in the browser's cookie
 * {@value ConsoleCookies#SIGN_IN_STATE}) and sends the browser to the platform's authorization
 * page; the platform sends it back to {@code GET /console/login/{platform}/callback} with a code
 * and the state. The state must match the cookie and be taken from Redis (unknown, used or expired
 * ones are refused), so a callback the browser did not start is no sign-in. The code names the
 * person; {@link ConsoleRoles} says what they may see; only then is there a session.
 */
final class ConsoleSignIn {
  static final String START = "/console/login/{platform}";
  static final String CALLBACK = "/console/login/{platform}/callback";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleSignIn.class);

  private final ConsolePages pages;
  private final ConsoleSessions sessions;
  private final ConsoleRoles roles;
  private final Map<String, SignInPlatform> platforms;
  private final @Nullable String baseUrl;

  ConsoleSignIn(
      ConsolePages pages,
      ConsoleSessions sessions,
      ConsoleRoles roles,
      Map<String, SignInPlatform> platforms,
      @Nullable String baseUrl) {
    this.pages = pages;
    this.sessions = sessions;
    this.roles = roles;
    this.platforms = Map.copyOf(platforms);
    this.baseUrl = baseUrl;
  }

  /** Where the platform sends the browser back to. */
  String callbackUrl(SignInPlatform platform) {
    return baseUrl + "/console/login/" + platform.id() + "/callback";
  }

  Mono<ServerResponse> start(ServerRequest request) {
    SignInPlatform platform = platforms.get(request.pathVariable("platform"));
    if (platform == null) {
      return pages.loginPage(request, HttpStatus.NOT_FOUND, "login_no_platform");
    }
    String agent = request.headers().firstHeader("User-Agent");
    boolean inWecom = agent != null && agent.toLowerCase(java.util.Locale.ROOT).contains("wxwork");
    return sessions
        .newState(platform.id())
        .flatMap(
            state ->
                ServerResponse.seeOther(platform.authorize(callbackUrl(platform), state, inWecom))
                    .cookie(ConsoleCookies.signInState(request.exchange().getRequest(), state))
                    .build());
  }

  Mono<ServerResponse> callback(ServerRequest request) {
    SignInPlatform platform = platforms.get(request.pathVariable("platform"));
    if (platform == null) {
      return pages.loginPage(request, HttpStatus.NOT_FOUND, "login_no_platform");
    }
    ServerHttpRequest http = request.exchange().getRequest();
    ResponseCookie dropState = ConsoleCookies.expired(http, ConsoleCookies.SIGN_IN_STATE);
    String state = request.queryParam("state").orElse("");
    HttpCookie cookie = request.cookies().getFirst(ConsoleCookies.SIGN_IN_STATE);
    if (cookie == null || !ConsoleSessions.same(cookie.getValue(), state)) {
      return pages.loginPage(request, HttpStatus.BAD_REQUEST, "login_bad_state", dropState);
    }
    Mono<Boolean> taken =
        sessions.takeState(state).map(platform.id()::equals).defaultIfEmpty(false);
    Optional<String> error = request.queryParam("error");
    if (error.isPresent()) {
      // Refused or failed on the platform: the state is spent all the same.
      return taken.then(
          pages.loginPage(request, HttpStatus.BAD_REQUEST, "login_denied", dropState));
    }
    String code = request.queryParam(platform.codeParameter()).orElse("");
    return taken.flatMap(
        ok -> {
          if (!ok) {
            return pages.loginPage(request, HttpStatus.BAD_REQUEST, "login_bad_state", dropState);
          }
          if (code.isBlank() || code.length() > 512) {
            return pages.loginPage(request, HttpStatus.BAD_REQUEST, "login_no_code", dropState);
          }
          // What to answer, decided by the platform's call alone: a Redis failure while starting
          // the session is not the platform's.
          return platform
              .userId(code)
              .<Supplier<Mono<ServerResponse>>>map(
                  userId -> () -> signIn(request, new Address(platform.id(), userId), dropState))
              .defaultIfEmpty(() -> pages.forbidden(request, "forbidden_not_member", dropState))
              .onErrorResume(
                  e -> {
                    LOG.warn("console sign-in with {} failed: {}", platform.id(), e.toString());
                    return Mono.just(
                        () ->
                            pages.loginPage(
                                request,
                                HttpStatus.BAD_GATEWAY,
                                "login_platform_failed",
                                dropState));
                  })
              .flatMap(Supplier::get);
        });
  }

  private Mono<ServerResponse> signIn(
      ServerRequest request, Address person, ResponseCookie dropState) {
    Optional<ConsoleRoles.Access> access = roles.of(person);
    if (access.isEmpty()) {
      LOG.info("console sign-in refused: {} is in no team and not an admin", person);
      return pages.forbidden(request, "forbidden_unknown", dropState);
    }
    Person who = new Person(person.platform(), person.userId(), roles.name(person), access.get());
    return pages.startSession(who, request, dropState);
  }

  /** For the login page: the label key of each configured platform's button. */
  static String label(String platform) {
    return "login_with_" + platform;
  }

  static URI startPath(String platform) {
    return URI.create("/console/login/" + platform);
  }
}
