package io.salesbot.server.console;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration.User;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.server.console.ConsoleSessions.Person;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Sign-in, sign-out, the home page and the 403 page. The sign-in page offers a button per
 * configured sign-in platform ({@code salesbot.console.sign-in}) and, in try-out mode (the sandbox
 * on), a "sign in as" picker of the sandbox users, who get their roles from the team directory like
 * anyone else; with neither it says how to configure sign-in and shows nothing else.
 */
final class ConsolePages {
  /** The sandbox platform's id, as in its users' addresses. */
  static final String SANDBOX = "sandbox";

  private final ConsoleSessions sessions;
  private final ConsoleViews views;
  private final @Nullable SandboxAdapterConfiguration sandbox;
  private final ConsoleRoles roles;
  private final List<String> platforms;

  ConsolePages(
      ConsoleSessions sessions,
      ConsoleViews views,
      @Nullable SandboxAdapterConfiguration sandbox,
      ConsoleRoles roles,
      List<String> platforms) {
    this.sessions = sessions;
    this.views = views;
    this.sandbox = sandbox;
    this.roles = roles;
    this.platforms = List.copyOf(platforms);
  }

  Mono<ServerResponse> login(ServerRequest request) {
    return loginPage(request, HttpStatus.OK, null);
  }

  /** The try-out picker's form: sign in as a sandbox user. */
  Mono<ServerResponse> signIn(ServerRequest request) {
    SandboxAdapterConfiguration users = sandbox;
    if (users == null) {
      return loginPage(request, HttpStatus.FORBIDDEN, null);
    }
    return request
        .formData()
        .flatMap(
            form -> {
              String userId = form.getFirst("user");
              Optional<User> user =
                  users.users().stream().filter(u -> u.userId().equals(userId)).findFirst();
              if (user.isEmpty()) {
                return loginPage(request, HttpStatus.BAD_REQUEST, "login_unknown_user");
              }
              User u = user.get();
              // The directory's roles, as for anyone; a sandbox user the directory does not know
              // (cannot happen today: the sandbox lists the teams' people) keeps the sandbox's.
              ConsoleRoles.Access access =
                  roles
                      .of(new Address(SANDBOX, u.userId()))
                      .orElse(new ConsoleRoles.Access(u.role(), List.of(u.teamId())));
              return startSession(
                  new Person(SANDBOX, u.userId(), u.name(), access),
                  request,
                  ConsoleCookies.expired(
                      request.exchange().getRequest(), ConsoleCookies.LOGIN_CSRF));
            });
  }

  /** A new session for {@code person}: its cookie, and on to the home page. */
  Mono<ServerResponse> startSession(
      Person person, ServerRequest request, ResponseCookie... cookies) {
    ServerHttpRequest http = request.exchange().getRequest();
    return sessions
        .start(person)
        .flatMap(
            session -> {
              ServerResponse.BodyBuilder response =
                  ServerResponse.seeOther(URI.create("/console/"))
                      .cookie(
                          ConsoleCookies.session(http, session.id(), sessions.remaining(session)));
              for (ResponseCookie cookie : cookies) {
                response.cookie(cookie);
              }
              return response.build();
            });
  }

  Mono<ServerResponse> signOut(ServerRequest request) {
    return sessions
        .end(ConsoleGuard.session(request.exchange()).id())
        .then(
            ServerResponse.seeOther(URI.create(ConsoleGuard.LOGIN))
                .cookie(
                    ConsoleCookies.expired(request.exchange().getRequest(), ConsoleCookies.SESSION))
                .build());
  }

  Mono<ServerResponse> home(ServerRequest request) {
    Map<String, Object> model = signedIn(request);
    model.put("sandbox", sandbox != null);
    return views.page(request, HttpStatus.OK, "home", model);
  }

  /**
   * 403 with a short Chinese (or English) page saying why; with the navigation when signed in.
   *
   * @param reason the message key
   */
  Mono<ServerResponse> forbidden(ServerRequest request, String reason, ResponseCookie... cookies) {
    Session session = request.exchange().getAttribute(ConsoleGuard.SESSION_ATTRIBUTE);
    Map<String, Object> model = session == null ? new LinkedHashMap<>() : signedIn(request);
    model.put("signedIn", session != null);
    model.put("reason", views.message(ConsoleViews.language(request), reason));
    return views.page(request, HttpStatus.FORBIDDEN, "forbidden", model, cookies);
  }

  /** The model every page after sign-in shares: who is signed in, the CSRF token. */
  Map<String, Object> signedIn(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    String lang = ConsoleViews.language(request);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("me", session);
    model.put("myRole", views.message(lang, "role_" + session.role()));
    model.put("managesTeams", session.managesTeams());
    model.put("isAdmin", session.role().equals(ConsoleRoles.ADMIN));
    model.put("csrf", session.csrfToken());
    return model;
  }

  Mono<ServerResponse> loginPage(
      ServerRequest request, HttpStatus status, @Nullable String error, ResponseCookie... extra) {
    Map<String, Object> model = new LinkedHashMap<>();
    String lang = ConsoleViews.language(request);
    SandboxAdapterConfiguration users = sandbox;
    model.put("tryOut", users != null);
    List<Map<String, Object>> buttons = new ArrayList<>();
    for (String platform : platforms) {
      buttons.add(
          Map.of(
              "platform",
              platform,
              "href",
              ConsoleSignIn.startPath(platform).toString(),
              "label",
              views.message(lang, ConsoleSignIn.label(platform))));
    }
    model.put("platforms", buttons);
    model.put("hasPlatforms", !buttons.isEmpty());
    model.put("noSignIn", users == null && buttons.isEmpty());
    if (error != null) {
      model.put("error", views.message(lang, error));
    }
    List<ResponseCookie> cookies = new ArrayList<>(List.of(extra));
    if (users != null) {
      model.put("teams", teams(users.users(), lang));
      // The sign-in form's CSRF token, double-submitted: kept if the browser has one already, so
      // two tabs on the sign-in page both work.
      HttpCookie cookie = request.cookies().getFirst(ConsoleCookies.LOGIN_CSRF);
      String token =
          cookie != null && cookie.getValue().length() >= 40
              ? cookie.getValue()
              : ConsoleSessions.token();
      model.put("csrf", token);
      cookies.add(ConsoleCookies.loginCsrf(request.exchange().getRequest(), token));
    }
    return views.page(request, status, "login", model, cookies.toArray(ResponseCookie[]::new));
  }

  /** Users team by team, for the picker. */
  private List<Map<String, Object>> teams(List<User> users, String lang) {
    Map<String, Map<String, Object>> teams = new LinkedHashMap<>();
    for (User user : users) {
      Map<String, Object> team =
          teams.computeIfAbsent(
              user.teamId(),
              id -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("teamName", user.teamName());
                t.put("users", new ArrayList<Map<String, Object>>());
                return t;
              });
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> list = (List<Map<String, Object>>) team.get("users");
      list.add(
          Map.of(
              "userId", user.userId(),
              "name", user.name(),
              "role", views.message(lang, "role_" + user.role())));
    }
    return List.copyOf(teams.values());
  }
}
