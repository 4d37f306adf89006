package io.salesbot.core.platform;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which platforms' circuit breakers are open on this instance (their API failed too often; sends
 * wait in the outbox instead of trying), for the ops alerts. Each instance has its own breakers.
 */
@FunctionalInterface
public interface PlatformCircuits {
  /** The ids of the platforms whose circuit is open now, in a stable order. */
  Mono<List<String>> open();

  /** The circuits of {@code platforms}, as each one tells ({@link ChatPlatform#circuitOpen()}). */
  static PlatformCircuits of(List<ChatPlatform> platforms) {
    List<ChatPlatform> all = List.copyOf(platforms);
    return () ->
        Flux.fromIterable(all)
            .concatMap(p -> p.circuitOpen().filter(open -> open).map(open -> p.id()))
            .sort()
            .distinct()
            .collectList();
  }
}
