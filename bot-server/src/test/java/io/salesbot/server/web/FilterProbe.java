package io.salesbot.server.web;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Runs a {@link WebFilter} over a mock exchange and keeps what it passed down the chain, if any.
 */
final class FilterProbe {
  private final AtomicReference<@Nullable ServerWebExchange> passed = new AtomicReference<>();

  MockServerWebExchange run(WebFilter filter, MockServerWebExchange exchange) {
    passed.set(null);
    filter
        .filter(
            exchange,
            e -> {
              passed.set(e);
              return Mono.empty();
            })
        .block();
    return exchange;
  }

  /** What the last run passed on, or null when the filter answered itself. */
  @Nullable ServerWebExchange passed() {
    return passed.get();
  }
}
