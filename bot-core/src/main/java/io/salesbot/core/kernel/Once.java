package io.salesbot.core.kernel;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Marks shared by all instances (Redis in production) saying that something was done for a key and
 * is not to be done again for a while — a person welcomed, say. A mark names who took it, so that
 * the same work redelivered (the same event) still goes ahead while any other is turned away.
 */
public interface Once {
  /**
   * Takes the mark of {@code key} for {@code holder} for {@code ttl}, unless someone holds it.
   *
   * @return true when {@code holder} holds the mark now (just taken, or taken before by the same
   *     holder); false when another holder took it less than its {@code ttl} ago
   */
  Mono<Boolean> claim(String key, String holder, Duration ttl);
}
