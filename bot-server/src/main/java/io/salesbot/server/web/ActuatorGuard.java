package io.salesbot.server.web;

import io.salesbot.server.config.SalesbotProperties;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Actuator on the application port answers only with the admin bearer token ({@link AdminToken}):
 * metrics and health components tell an outsider which servers run and how busy they are. Open
 * without it: {@code /actuator/health} (status only), its {@code liveness} and {@code readiness}
 * probes, and {@code /actuator/info}. A request with the token carries a principal, so health shows
 * its components ({@code show-components: when-authorized}). With {@code management.server.port} on
 * another port than {@code server.port}, that internal port is left open and this does nothing.
 */
@Component
public class ActuatorGuard implements WebFilter, Ordered {
  private static final Principal ADMIN = () -> "salesbot-admin";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminToken token;
  private final String base;
  private final Set<String> open;
  private final boolean guarding;

  public ActuatorGuard(SalesbotProperties properties, Environment env) {
    this.token = new AdminToken(properties.admin().token());
    String path = env.getProperty("management.endpoints.web.base-path", "/actuator");
    this.base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.open =
        Set.of(
            base + "/health",
            base + "/health/liveness",
            base + "/health/readiness",
            base + "/info");
    String managementPort = env.getProperty("management.server.port");
    this.guarding =
        managementPort == null
            || managementPort.isBlank()
            || Objects.equals(managementPort.strip(), env.getProperty("server.port", "8080"));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!guarding || !(path.equals(base) || path.startsWith(base + "/"))) {
      return chain.filter(exchange);
    }
    AdminToken.Verdict verdict =
        token.check(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (verdict == AdminToken.Verdict.ADMIN) {
      return chain.filter(exchange.mutate().principal(Mono.just(ADMIN)).build());
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (open.contains(trimmed)) {
      return trimmed.startsWith(base + "/health")
          ? chain.filter(exchange.mutate().response(new StatusOnly(exchange.getResponse())).build())
          : chain.filter(exchange);
    }
    return refuse(exchange.getResponse(), AdminToken.refusal(verdict));
  }

  private static Mono<Void> refuse(ServerHttpResponse response, ProblemDetail problem) {
    response.setStatusCode(org.springframework.http.HttpStatusCode.valueOf(problem.getStatus()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.getStatus() == 401) {
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"salesbot\"");
    }
    // Fixed texts only (no request data), so no escaping is needed.
    String json =
        "{\"type\":\""
            + problem.getType()
            + "\",\"title\":\""
            + problem.getTitle()
            + "\",\"status\":"
            + problem.getStatus()
            + ",\"detail\":\""
            + problem.getDetail()
            + "\"}";
    return response.writeWith(
        Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
  }

  /** Passes on only the {@code status} of a health answer. */
  private static final class StatusOnly extends ServerHttpResponseDecorator {
    StatusOnly(ServerHttpResponse delegate) {
      super(delegate);
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      return DataBufferUtils.join(Flux.from(body))
          .flatMap(
              buffer -> {
                String json = buffer.toString(StandardCharsets.UTF_8);
                DataBufferUtils.release(buffer);
                byte[] cut =
                    ("{\"status\":\"" + status(json) + "\"}").getBytes(StandardCharsets.UTF_8);
                getHeaders().setContentLength(cut.length);
                return super.writeWith(Mono.just(bufferFactory().wrap(cut)));
              });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
      return writeWith(Flux.from(body).flatMapSequential(p -> p));
    }

    private static String status(String json) {
      try {
        String status = JSON.readTree(json).path("status").asString("");
        return status.matches("[A-Z_]{1,32}") ? status : "UNKNOWN";
      } catch (JacksonException e) {
        return "UNKNOWN";
      }
    }
  }

  /** Before every other filter, so nothing else sees an unauthenticated actuator request. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
