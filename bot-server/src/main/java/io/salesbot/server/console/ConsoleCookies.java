package io.salesbot.server.console;

import java.time.Duration;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The console's cookies: all HttpOnly, SameSite=Lax, scoped to {@code /console}, and Secure when
 * the request came over HTTPS (directly, or through a proxy when {@code
 * server.forward-headers-strategy} makes the request's scheme {@code https}).
 */
final class ConsoleCookies {
  /** The session id. */
  static final String SESSION = "SALESBOT_CONSOLE";

  /** The sign-in form's CSRF token before there is a session (double-submit). */
  static final String LOGIN_CSRF = "SALESBOT_CONSOLE_LOGIN";

  /** The one-time {@code state} of a WeCom or DingTalk sign-in under way. */
  static final String SIGN_IN_STATE = "SALESBOT_CONSOLE_STATE";

  static final String PATH = "/console";

  private ConsoleCookies() {}

  static ResponseCookie session(ServerHttpRequest request, String id, Duration maxAge) {
    return base(request, SESSION, id).maxAge(maxAge).build();
  }

  static ResponseCookie loginCsrf(ServerHttpRequest request, String token) {
    return base(request, LOGIN_CSRF, token).maxAge(Duration.ofHours(1)).build();
  }

  /**
   * Lives as long as the state in Redis. SameSite=Lax still sends it on the platform's redirect
   * back (a top-level GET).
   */
  static ResponseCookie signInState(ServerHttpRequest request, String state) {
    return base(request, SIGN_IN_STATE, state).maxAge(ConsoleSessions.STATE_LIFETIME).build();
  }

  static ResponseCookie language(ServerRequest request, String lang) {
    return base(request.exchange().getRequest(), ConsoleViews.LANG_COOKIE, lang)
        .maxAge(Duration.ofDays(365))
        .build();
  }

  /** Tells the browser to drop the cookie. */
  static ResponseCookie expired(ServerHttpRequest request, String name) {
    return base(request, name, "").maxAge(Duration.ZERO).build();
  }

  static boolean secure(ServerHttpRequest request) {
    return request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme());
  }

  private static ResponseCookie.ResponseCookieBuilder base(
      ServerHttpRequest request, String name, String value) {
    return ResponseCookie.from(name, value)
        .path(PATH)
        .httpOnly(true)
        .sameSite("Lax")
        .secure(secure(request));
  }
}
