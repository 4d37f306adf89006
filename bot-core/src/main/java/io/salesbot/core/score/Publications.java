package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationState;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Set;
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
   * One stored version as its cards show it: every score with an empty {@link
   * io.salesbot.core.score.domain.PublishedScore#records() records} list, the rest as {@link
   * #version}; empty when there is none. The records behind the scores are most of a version's
   * weight (273,529 keys for 5,000 reps), and no card shows them.
   */
  Mono<Publication> shown(YearMonth period, int version);

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

  /** The reps whose card of a version was noted sent ({@link #markSent}). */
  Mono<Set<Address>> sent(YearMonth period, int version);

  /**
   * Notes, in one write, that the cards of a version are being sent to {@code reps}: the answer is
   * those of them noted now for the first time — only they may be sent, so each card goes out once
   * however often and on however many instances the sweep runs.
   */
  Mono<Set<Address>> markSent(YearMonth period, int version, Collection<Address> reps);
}
