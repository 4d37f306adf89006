package io.salesbot.server.web;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A path with an encoded control character ({@code %00}–{@code %1F}, {@code %7F}) is no id, user or
 * app of ours: 400 at the door, before it reaches a store that chokes on it (PostgreSQL refuses NUL
 * in text, which used to come back as a 503).
 */
@Component
public class ControlCharacterGuard implements WebFilter, Ordered {
  private static final Pattern CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");
  private static final byte[] PROBLEM =
      ("{\"type\":\"https://salesbot.io/problems/invalid-path\",\"title\":\"Bad Request\","
              + "\"status\":400,\"detail\":\"the path holds a control character\"}")
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    // Most paths hold no '%' at all: no regex run for them.
    if (path.indexOf('%') < 0 || !CONTROL.matcher(path).find()) {
      return chain.filter(exchange);
    }
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.BAD_REQUEST);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(PROBLEM)));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
