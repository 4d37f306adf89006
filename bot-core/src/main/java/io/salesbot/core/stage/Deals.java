package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.Transition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where deals, their transitions and skip requests are kept (PostgreSQL in production). */
public interface Deals {
  /** Stores a new deal unless one with its id exists; the stored deal either way. */
  Mono<Deal> open(Deal deal);

  Mono<Deal> find(String id);

  /**
   * Stores {@code next} only if the stored deal still has {@code next.version() - 1} (nobody
   * changed it since it was read), with {@code transition} if given, atomically; empty when it
   * changed.
   */
  Mono<Deal> save(Deal next, Transition transition);

  /**
   * Like {@link #save(Deal, Transition)}, for a change that is no transition (evidence, next step).
   */
  Mono<Deal> save(Deal next);

  /** A person's deals, open ones first, newest first. */
  Flux<Deal> ownedBy(Address owner, int limit);

  /** The open deals of a team. */
  Flux<Deal> openOfTeam(String teamId);

  Flux<Transition> transitions(String dealId);

  /** Stores a new request (ids are unique). */
  Mono<SkipRequest> requestSkip(SkipRequest request);

  Mono<SkipRequest> findSkip(String id);

  /** Records a decision only on a pending request; empty when it was already decided. */
  Mono<SkipRequest> decideSkip(SkipRequest decided);
}
