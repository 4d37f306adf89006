package io.salesbot.core.kernel;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Where chart images wait for the platforms to fetch or upload them (PostgreSQL in production, so
 * every instance can serve them). An image is kept under an id that is hard to guess; the id is in
 * an {@link io.salesbot.core.kernel.domain.OutboundCommand.SendImage}, the bytes stay here for
 * {@link #KEPT}: long enough for a send that waits in the outbox and for a manager to scroll back.
 */
public interface ChartImages {
  /** How long an image is kept after it was stored. */
  Duration KEPT = Duration.ofDays(7);

  /**
   * Stores a PNG under {@code id}, stored {@code at}; storing the same id again keeps the first.
   * Then purges the images stored more than {@link #KEPT} before {@code at}, so that the store
   * never grows beyond a week of reports.
   */
  Mono<Void> put(String id, byte[] png, Instant at);

  /** The PNG stored under {@code id}; empty when there is none (never stored, or purged). */
  Mono<byte[]> find(String id);
}
