package io.salesbot.core.platform;

import io.salesbot.core.platform.domain.DeadLetter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Entries that failed too often, parked for a person to look at and replay. */
public interface DeadLetters {
  Flux<DeadLetter> list(int limit);

  /**
   * Puts the entry back on the stream it came from and removes it from the dead letters.
   *
   * @return false when no dead letter has this id
   */
  Mono<Boolean> replay(String id);

  /**
   * Replays, oldest first, up to {@code limit} dead letters that came from {@code stream} and were
   * dead-lettered at or after {@code from} and before {@code to}: each goes back on its stream and
   * leaves the dead letters, as with {@link #replay(String)}.
   *
   * @return how many were replayed
   */
  Mono<Integer> replayAll(String stream, java.time.Instant from, java.time.Instant to, int limit);
}
