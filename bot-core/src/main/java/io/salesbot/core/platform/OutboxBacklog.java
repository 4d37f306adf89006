package io.salesbot.core.platform;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * How many outbound commands wait in the outbox per platform because a send budget is spent or the
 * platform is down ({@link Outbox#defer}). Shown to managers, so that "my reps get their cards
 * late" has a visible reason.
 */
@FunctionalInterface
public interface OutboxBacklog {
  /** Nothing is ever counted (tests, and set-ups without a waiting outbox). */
  OutboxBacklog NONE = () -> Mono.just(Map.of());

  /** Waiting commands by platform id; platforms with none may be absent. */
  Mono<Map<String, Long>> waiting();
}
