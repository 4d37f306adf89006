package io.salesbot.server.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Times {@code POST /api/v1/leads} as {@code http.server.requests} itself, with the name and tags
 * Spring's observation gives every other request ({@code error, exception, method, outcome, status,
 * uri}, plus the registry's common tags), so the Grafana dashboard and the alert rules read it as
 * before; the observation is switched off for that one route ({@link #skipsObservation}).
 *
 * <p>Why: the intake is the hottest route and the observation cost it ~12 % of its request path's
 * CPU samples (a context, key values computed by the convention, a long-task timer and a timer
 * looked up in the registry by name and tags on every request). Here the timers are looked up once
 * per status. Not kept for the intake: its share of {@code http.server.requests.active} (the
 * in-flight gauge), which nothing of ours reads.
 */
public final class IntakeRequestTimer implements WebFilter, Ordered {
  public static final String PATH = "/api/v1/leads";
  private static final String NAME = "http.server.requests";

  private final MeterRegistry meters;
  // Per "status|exception": the registry's look-up by name and tags costs more per request.
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public IntakeRequestTimer(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Whether the request is one this timer times: {@code POST /api/v1/leads} exactly. */
  static boolean times(ServerHttpRequest request) {
    return request.getMethod() == HttpMethod.POST
        && PATH.equals(request.getPath().pathWithinApplication().value());
  }

  /** Spring's {@code http.server.requests} observation for every request but the timed ones. */
  public static ObservationPredicate skipsObservation() {
    return (String name, Observation.Context context) ->
        !(context instanceof ServerRequestObservationContext server && times(server.getCarrier()));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!times(exchange.getRequest())) {
      return chain.filter(exchange);
    }
    long start = System.nanoTime();
    AtomicBoolean done = new AtomicBoolean();
    ServerHttpResponse response = exchange.getResponse();
    return chain
        .filter(exchange)
        .doOnSuccess(v -> record(done, start, status(response.getStatusCode()), null))
        .doOnCancel(() -> record(done, start, "UNKNOWN", null))
        .onErrorResume(
            e -> {
              // An error here is answered further out (the WebExceptionHandlers): time the request
              // when that answer goes out, with the status it carries, as the observation does.
              response.beforeCommit(
                  () -> {
                    record(done, start, status(response.getStatusCode()), e);
                    return Mono.empty();
                  });
              return Mono.error(e);
            });
  }

  /**
   * Times one request answered elsewhere (the intake's own route on Reactor Netty): {@code status}
   * is the answer's, or null when it never went out (the caller left); {@code error} what failed.
   */
  public void record(long startNanos, @Nullable HttpStatusCode status, @Nullable Throwable error) {
    record(startNanos, status(status), error);
  }

  private void record(AtomicBoolean done, long start, String status, @Nullable Throwable error) {
    if (done.compareAndSet(false, true)) {
      record(start, status, error);
    }
  }

  private void record(long start, String status, @Nullable Throwable error) {
    String exception = error == null ? "none" : simpleName(error);
    timers
        .computeIfAbsent(status + '|' + exception, k -> register(status, exception))
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  private Timer register(String status, String exception) {
    return Timer.builder(NAME)
        .tag("error", exception)
        .tag("exception", exception)
        .tag("method", "POST")
        .tag("outcome", outcome(status))
        .tag("status", status)
        .tag("uri", PATH)
        .register(meters);
  }

  private static String status(@Nullable HttpStatusCode code) {
    return code == null ? "UNKNOWN" : Integer.toString(code.value());
  }

  /** As {@code DefaultServerRequestObservationConvention} names it. */
  private static String outcome(String status) {
    if (status.equals("UNKNOWN")) {
      return "UNKNOWN";
    }
    HttpStatus.Series series = HttpStatus.Series.resolve(Integer.parseInt(status));
    if (series == null) {
      return "UNKNOWN";
    }
    return switch (series) {
      case INFORMATIONAL -> "INFORMATIONAL";
      case SUCCESSFUL -> "SUCCESS";
      case REDIRECTION -> "REDIRECTION";
      case CLIENT_ERROR -> "CLIENT_ERROR";
      case SERVER_ERROR -> "SERVER_ERROR";
    };
  }

  private static String simpleName(Throwable e) {
    String name = e.getClass().getSimpleName();
    return name.isEmpty() ? e.getClass().getName() : name;
  }

  /** First: the time includes every other filter, as the observation's did. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
