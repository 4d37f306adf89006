package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Dispute;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The disputes (有异议) reps open on published scorecards and their managers' answers. Shared by every
 * instance (PostgreSQL); an answer is a conditional write, so two managers pressing at once answer
 * once.
 */
public interface Disputes {
  /**
   * Stores a new dispute: true, or false (nothing written) when its id is taken or its rep has an
   * open dispute of the same month already (one open dispute per rep and month, also when two
   * instances open at once).
   */
  Mono<Boolean> open(Dispute dispute);

  /** One dispute by id; empty when there is none. */
  Mono<Dispute> find(String id);

  /**
   * Stores the answer of a dispute ({@code answered}: accepted or rejected) only if the stored one
   * is still open: true, else false and nothing is written.
   */
  Mono<Boolean> answer(Dispute answered);

  /** The open disputes of a team, oldest first. */
  Flux<Dispute> openOf(String team);

  /** The {@code limit} most recently answered disputes of a team, newest first. */
  Flux<Dispute> answeredOf(String team, int limit);

  /** The {@code limit} most recently opened disputes of a rep, newest first. */
  Flux<Dispute> ofRep(Address rep, int limit);
}
