package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.OwnedOpenDeals;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /**
   * A person's open deals, furthest stage first, then the longest in their stage, then by id: at
   * most {@code limit}, with how many they have open in all.
   */
  Mono<OwnedOpenDeals> openOwnedBy(Address owner, int limit);

  /** The open deals of a team. */
  Flux<Deal> openOfTeam(String teamId);

  /**
   * The open deals of a team that the daily digest of {@code (since, now]} may list, by id: those
   * that stalled in it (last progress plus their stage's {@code stalledAfter} — the last one for
   * stages past the list's end — inside the window), those skipped in it (a {@code SKIP}
   * transition), and those with an owed checkpoint. Every other open deal is left in the store,
   * undecoded: the digest reads a day's worth, not the whole team.
   */
  Flux<Deal> digestCandidates(
      String teamId, Instant since, Instant now, List<Duration> stalledAfter);

  /** Whether the team has an open deal. */
  Mono<Boolean> hasOpen(String teamId);

  Flux<Transition> transitions(String dealId);

  /** Stores a new request (ids are unique). */
  Mono<SkipRequest> requestSkip(SkipRequest request);

  Mono<SkipRequest> findSkip(String id);

  /** Records a decision only on a pending request; empty when it was already decided. */
  Mono<SkipRequest> decideSkip(SkipRequest decided);
}
