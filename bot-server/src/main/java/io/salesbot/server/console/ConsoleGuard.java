package io.salesbot.server.console;

import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.server.console.ConsoleSessions.Session;
import io.salesbot.server.pipeline.InfrastructureOutages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /console/**}: only the sign-in page, the WeCom and DingTalk sign-ins under it
 * ({@code /console/login/**}) and the static assets are open; any other page without a live session
 * is redirected to {@code /console/login}, and the console's JSON and server-sent-event endpoints
 * ({@code /console/api/**}) answer 401. Every request that changes something (anything but GET and
 * HEAD) must carry the CSRF token, as the form field {@value #CSRF_FIELD} or the header {@value
 * #CSRF_HEADER}, or it gets 403: the session's token, or before sign-in the token of the sign-in
 * cookie (double submit). Sessions are looked up in Redis ({@link ConsoleSessions}). Also sets the
 * console's security headers.
 */
final class ConsoleGuard implements WebFilter, Ordered {
  static final String CSRF_FIELD = "_csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String SESSION_ATTRIBUTE = ConsoleGuard.class.getName() + ".session";
  static final String LOGIN = "/console/login";
  static final String EVENTS = "/console/api/events";

  /**
   * How long a console request may take before the console says the database cannot be reached
   * (503); far above any page's time (the benchmark's target is 500 ms with 100,000 deals).
   */
  static final Duration STORAGE_WAIT = Duration.ofSeconds(10);

  private static final String CSP =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  private static final JsonMapper JSON = new JsonMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleGuard.class);

  private final ConsoleSessions sessions;

  ConsoleGuard(ConsoleSessions sessions) {
    this.sessions = sessions;
  }

  /** Before the other filters: nothing else should see a console request first. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  /** The session the guard let through. */
  static Session session(ServerWebExchange exchange) {
    Session session = exchange.getAttribute(SESSION_ATTRIBUTE);
    if (session == null) {
      throw new IllegalStateException("no console session: is the path behind ConsoleGuard?");
    }
    return session;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().pathWithinApplication().value();
    if (!path.equals("/console") && !path.startsWith("/console/")) {
      return chain.filter(exchange);
    }
    boolean asset = path.startsWith("/console/assets/");
    headers(exchange.getResponse().getHeaders(), asset);
    if (asset) {
      return chain.filter(exchange);
    }
    boolean changes =
        !HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod());
    if (path.equals(LOGIN) || path.startsWith(LOGIN + "/")) {
      // The sign-in page and the WeCom and DingTalk sign-ins: open, their POSTs (the try-out
      // picker) double-submit the sign-in cookie's token.
      if (!changes) {
        return chain.filter(exchange);
      }
      return csrf(exchange, cookie(request, ConsoleCookies.LOGIN_CSRF))
          .flatMap(ok -> ok ? chain.filter(exchange) : forbidden(exchange, path));
    }
    return sessions
        .find(cookie(request, ConsoleCookies.SESSION))
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .onErrorResume(
            e -> {
              // Redis cannot be reached: say so, never a stack trace, and let nobody in.
              LOG.warn("console sessions cannot be read: {}", e.toString());
              return unavailable(
                      exchange,
                      path,
                      "console sessions cannot be read right now; retry later",
                      "<p>控制台暂时无法读取登录状态，请稍后<a href=\"/console/\">重试</a>。</p>"
                          + "<p lang=\"en\">The console cannot read sign-ins right now:"
                          + " <a href=\"/console/\">retry</a> later.</p>")
                  .then(Mono.empty());
            })
        .flatMap(
            session -> {
              if (session.isEmpty()) {
                return path.startsWith("/console/api/")
                    ? problem(
                        exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "sign in at " + LOGIN)
                    : redirect(exchange, LOGIN);
              }
              exchange.getAttributes().put(SESSION_ATTRIBUTE, session.get());
              if (!changes) {
                return served(exchange, chain, path);
              }
              return csrf(exchange, session.get().csrfToken())
                  .flatMap(ok -> ok ? served(exchange, chain, path) : forbidden(exchange, path));
            });
  }

  /**
   * A signed-in request handled, bounded by {@link #STORAGE_WAIT} (but for the event stream, which
   * lasts): when PostgreSQL (or Redis) cannot be reached — the pool refuses or times out, or a
   * query hangs on a frozen server — the person gets the 503 page, and the API a 503 problem,
   * instead of a stack trace or a page that never comes. Cancelling a hung handler rolls back what
   * it had begun, so nothing is left half-written.
   */
  private static Mono<Void> served(ServerWebExchange exchange, WebFilterChain chain, String path) {
    Mono<Void> served = chain.filter(exchange);
    if (!path.equals(EVENTS)) {
      served = served.timeout(STORAGE_WAIT);
    }
    return served.onErrorResume(
        e ->
            (e instanceof TimeoutException || InfrastructureOutages.isInfrastructureFailure(e))
                && !exchange.getResponse().isCommitted(),
        e -> {
          LOG.warn("console {} answered 503, storage unavailable: {}", path, e.toString());
          return unavailable(
              exchange,
              path,
              "salesbot's database cannot be reached right now; nothing was changed, retry later",
              "<h1>暂时无法访问数据库</h1>"
                  + "<p id=\"unavailable\">销售助手暂时无法读取数据库，本页面无法显示，操作也未执行。请稍后"
                  + "<a href=\"/console/\">重试</a>。</p>"
                  + "<p lang=\"en\">salesbot cannot reach its database right now; nothing was"
                  + " changed. Retry later.</p>");
        });
  }

  /** Whether the header, or else the form field, carries the expected token. */
  private static Mono<Boolean> csrf(ServerWebExchange exchange, @Nullable String expected) {
    String header = exchange.getRequest().getHeaders().getFirst(CSRF_HEADER);
    if (header != null) {
      return Mono.just(ConsoleSessions.same(expected, header));
    }
    MediaType type = exchange.getRequest().getHeaders().getContentType();
    if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
      return Mono.just(false);
    }
    // Read once here; the form is cached on the exchange for the handler.
    return exchange
        .getFormData()
        .map(form -> ConsoleSessions.same(expected, form.getFirst(CSRF_FIELD)))
        .defaultIfEmpty(false);
  }

  private static @Nullable String cookie(ServerHttpRequest request, String name) {
    HttpCookie cookie = request.getCookies().getFirst(name);
    return cookie == null ? null : cookie.getValue();
  }

  private static void headers(HttpHeaders headers, boolean asset) {
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("X-Frame-Options", "DENY");
    if (!asset) {
      headers.setCacheControl("no-store");
    }
  }

  private static Mono<Void> redirect(ServerWebExchange exchange, String location) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.SEE_OTHER);
    response.getHeaders().setLocation(URI.create(location));
    return response.setComplete();
  }

  /** 503 with {@code Retry-After}: a problem for the API, else a short page. */
  private static Mono<Void> unavailable(
      ServerWebExchange exchange, String path, String apiDetail, String pageBody) {
    exchange.getResponse().getHeaders().set("Retry-After", "5");
    if (path.startsWith("/console/api/")) {
      return problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", apiDetail);
    }
    return html(exchange, HttpStatus.SERVICE_UNAVAILABLE, pageBody);
  }

  private static Mono<Void> html(ServerWebExchange exchange, HttpStatus status, String body) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response
        .getHeaders()
        .setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
    String page =
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>"
            + status.value()
            + "</title>"
            + body
            + "</html>";
    return response.writeWith(
        Mono.just(response.bufferFactory().wrap(page.getBytes(StandardCharsets.UTF_8))));
  }

  private static Mono<Void> forbidden(ServerWebExchange exchange, String path) {
    if (path.startsWith("/console/api/")) {
      return problem(
          exchange,
          HttpStatus.FORBIDDEN,
          "csrf",
          "the CSRF token is missing or wrong: send the page's token in " + CSRF_HEADER);
    }
    // A form page: a short Chinese and English page, never a stack trace.
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.FORBIDDEN);
    response
        .getHeaders()
        .setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
    String html =
        "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>403</title>"
            + "<p>页面已过期或请求无效，请<a href=\"/console/login\">重新打开页面</a>后再试。</p>"
            + "<p lang=\"en\">The page expired or the request was not valid:"
            + " <a href=\"/console/login\">open it again</a> and retry.</p></html>";
    DataBuffer body = response.bufferFactory().wrap(html.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(body));
  }

  private static Mono<Void> problem(
      ServerWebExchange exchange, HttpStatus status, String type, String detail) {
    ProblemDetail problem = HttpProblem.problem(status, type, detail);
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", String.valueOf(problem.getType()));
    json.put("title", String.valueOf(problem.getTitle()));
    json.put("status", status.value());
    json.put("detail", detail);
    json.put("instance", exchange.getRequest().getPath().value());
    DataBuffer body = response.bufferFactory().wrap(JSON.writeValueAsBytes(json));
    return response.writeWith(Mono.just(body));
  }
}
