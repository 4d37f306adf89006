package io.salesbot.core.kernel;

import reactor.core.publisher.Mono;

/**
 * Where chart images wait for the platforms to fetch or upload them (PostgreSQL in production, so
 * every instance can serve them). An image is kept under an id that is hard to guess; the id is in
 * an {@link io.salesbot.core.kernel.domain.OutboundCommand.SendImage}, the bytes stay here.
 */
public interface ChartImages {
  /** Stores a PNG under {@code id}; storing the same id again keeps the first. */
  Mono<Void> put(String id, byte[] png);

  /** The PNG stored under {@code id}; empty when there is none. */
  Mono<byte[]> find(String id);
}
