package io.salesbot.server.console;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration.User;
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
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Sign-in, sign-out and the home page. In try-out mode (the sandbox on) sign-in is a "sign in as"
 * picker of the sandbox users; otherwise the page says that sign-in with WeCom and DingTalk is not
 * available yet and shows nothing else.
 */
final class ConsolePages {
  private final ConsoleSessions sessions;
  private final ConsoleViews views;
  private final @Nullable SandboxAdapterConfiguration sandbox;

  ConsolePages(
      ConsoleSessions sessions, ConsoleViews views, @Nullable SandboxAdapterConfiguration sandbox) {
    this.sessions = sessions;
    this.views = views;
    this.sandbox = sandbox;
  }

  Mono<ServerResponse> login(ServerRequest request) {
    return loginPage(request, HttpStatus.OK, null);
  }

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
              Session session = sessions.start(userId, user.get().name(), user.get().role());
              ServerHttpRequest http = request.exchange().getRequest();
              return ServerResponse.seeOther(URI.create("/console/"))
                  .cookie(ConsoleCookies.session(http, session.id(), sessions.remaining(session)))
                  .cookie(ConsoleCookies.expired(http, ConsoleCookies.LOGIN_CSRF))
                  .build();
            });
  }

  Mono<ServerResponse> signOut(ServerRequest request) {
    sessions.end(ConsoleGuard.session(request.exchange()).id());
    return ServerResponse.seeOther(URI.create(ConsoleGuard.LOGIN))
        .cookie(ConsoleCookies.expired(request.exchange().getRequest(), ConsoleCookies.SESSION))
        .build();
  }

  Mono<ServerResponse> home(ServerRequest request) {
    Map<String, Object> model = signedIn(request);
    model.put("sandbox", sandbox != null);
    return views.page(request, HttpStatus.OK, "home", model);
  }

  /** The model every page after sign-in shares: who is signed in, the CSRF token. */
  Map<String, Object> signedIn(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    String lang = ConsoleViews.language(request);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("me", session);
    model.put("myRole", views.message(lang, "role_" + session.role()));
    model.put("csrf", session.csrfToken());
    return model;
  }

  private Mono<ServerResponse> loginPage(
      ServerRequest request, HttpStatus status, @Nullable String error) {
    Map<String, Object> model = new LinkedHashMap<>();
    SandboxAdapterConfiguration users = sandbox;
    model.put("tryOut", users != null);
    if (users == null) {
      return views.page(request, status, "login", model);
    }
    String lang = ConsoleViews.language(request);
    model.put("teams", teams(users.users(), lang));
    if (error != null) {
      model.put("error", views.message(lang, error));
    }
    // The sign-in form's CSRF token, double-submitted: kept if the browser has one already, so
    // two tabs on the sign-in page both work.
    HttpCookie cookie = request.cookies().getFirst(ConsoleCookies.LOGIN_CSRF);
    String token =
        cookie != null && cookie.getValue().length() >= 40
            ? cookie.getValue()
            : ConsoleSessions.token();
    model.put("csrf", token);
    return views.page(
        request,
        status,
        "login",
        model,
        ConsoleCookies.loginCsrf(request.exchange().getRequest(), token));
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
