package io.salesbot.adapter.redis;

import reactor.core.publisher.Mono;

/**
 * Tells a {@link StreamWorker} when a handler failed because a store it needs is unreachable (the
 * database is down, its pool timed out, it is shutting down) rather than because of the entry. Such
 * a failure spends none of the entry's deliveries: the worker gives the delivery back, stops
 * reading and reclaiming, and starts again once {@link #available()} says the stores answer.
 * Entries whose handler fails on its own still move to the dead letters after {@code
 * maxDeliveries}.
 */
public interface Outages {
  /** Never an outage: every failure spends a delivery. */
  Outages NONE =
      new Outages() {
        @Override
        public boolean isOutage(Throwable error) {
          return false;
        }

        @Override
        public Mono<Boolean> available() {
          return Mono.just(true);
        }
      };

  /** True when {@code error} (or one of its causes) says a store is unreachable. */
  boolean isOutage(Throwable error);

  /**
   * True when the stores the handlers need answer now; false or an error when not. Asked after a
   * handler timed out (a hanging database looks like a slow handler) and while reading is paused.
   * The worker bounds the wait with {@code commandTimeout}.
   */
  Mono<Boolean> available();
}
