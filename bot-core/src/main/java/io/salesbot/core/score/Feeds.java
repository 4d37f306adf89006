package io.salesbot.core.score;

import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedHold;
import io.salesbot.core.score.domain.FeedObservation;
import io.salesbot.core.score.domain.FeedTally;
import io.salesbot.core.score.domain.Release;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Feed health's memory, shared by every instance: what each record source delivered and when, the
 * conditions up now, and the periods held because of them. What counts as unwell is decided in
 * {@link FeedHealth} and {@link io.salesbot.core.score.domain.FeedShape}, never here.
 */
public interface Feeds {
  /** Keeps one delivered record's observation. */
  Mono<Void> observe(FeedObservation observation);

  /**
   * Keeps a batch's observations, in order (as {@link #observe} one after the other). Stores
   * override it with one write.
   */
  default Mono<Void> observeAll(List<FeedObservation> observations) {
    return Flux.fromIterable(observations).concatMap(this::observe).then();
  }

  /** The source's observations that arrived at or after {@code since}, newest first, at most n. */
  Flux<FeedObservation> recent(String source, Instant since, int n);

  /**
   * The source's first parsed (accepted or quarantined) observations of {@code type} that arrived
   * at or after {@code since}, oldest first, at most n: what its usual shape is learnt from.
   */
  Flux<FeedObservation> first(String source, String type, Instant since, int n);

  /** When the source last delivered anything; empty when never. */
  Mono<Instant> last(String source);

  /** Per source that delivered in {@code [from, to)}: its figures over that span, by source. */
  Flux<FeedTally> tally(Instant from, Instant to);

  /**
   * Raises {@code condition} and holds {@code periods} for it, in one transaction — only if that
   * source's condition of that kind is not up already (else nothing is written and the answer is
   * false: another instance raised it first).
   */
  Mono<Boolean> raise(FeedCondition condition, Set<YearMonth> periods);

  /**
   * Clears the source's condition of that kind; answers it as it was raised, or empty when it was
   * not up (or another instance cleared it first). Its holds stay.
   */
  Mono<FeedCondition> clear(String source, FeedCondition.Kind kind);

  /** The conditions up now, by source and kind. */
  Flux<FeedCondition> conditions();

  /** The holds not yet released, by period, source, kind. */
  Flux<FeedHold> openHolds();

  /**
   * Releases every open hold of {@code source}, keeping who released them, why and when; answers
   * how many were open.
   */
  Mono<Integer> release(String source, Release release);

  /** When a hold of the source for a changed shape was last released; empty when never. */
  Mono<Instant> shapeReleased(String source);
}
