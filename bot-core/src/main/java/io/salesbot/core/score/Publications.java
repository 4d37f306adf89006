package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationState;
import java.time.YearMonth;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The published versions of each month's scorecards (immutable once stored), which one is in force,
 * whether the month is held, the audit of every publish, hold and rollback, and which withheld
 * cards were sent later.
 */
public interface Publications {
  /**
   * Stores {@code next} and puts it in force, clearing a hold, with its audit entry, in one
   * transaction: only if the newest stored version of the month is {@code next.version() - 1} (none
   * for version 1), else nothing is written and the answer is false.
   */
  Mono<Boolean> publish(Publication next, PublicationEvent audit);

  /** One stored version; empty when there is none. */
  Mono<Publication> version(YearMonth period, int version);

  /**
   * Where the month stands; {@link PublicationState#none} before anything was published or held.
   */
  Mono<PublicationState> state(YearMonth period);

  /**
   * Puts an earlier stored version back in force, clearing a hold, with its audit entry, in one
   * transaction: only if version {@code from} is still the one in force, else false.
   */
  Mono<Boolean> rollback(YearMonth period, int from, int to, PublicationEvent audit);

  /** Holds the month (even before its first version), with its audit entry. */
  Mono<Void> hold(PublicationEvent audit);

  /** The audit of the month, oldest first. */
  Flux<PublicationEvent> audit(YearMonth period);

  /** The months that have a version in force and are not held, oldest first. */
  Flux<PublicationState> open();

  /**
   * Notes that a withheld card of a version was sent to {@code rep}: true the first time, false
   * when it was noted before (so a card is sent once however often the sweep runs).
   */
  Mono<Boolean> markSent(YearMonth period, int version, Address rep);
}
