package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Awards;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationEvent.Action;
import io.salesbot.core.score.domain.PublishedScore;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /rollback <period> [version]}: puts an earlier published version of a month back in force
 * (by default the one before the version in force) and tells every rep whose rank or award changed,
 * with their line before and after, and each manager whose rep joined or left the talent pool.
 * Cards are not sent again: the version is one people already saw.
 */
public final class RollbackScorecards {
  private final Publications publications;
  private final ScorecardNotices notices;
  private final PublicationPolicy policy;
  private final PublishScorecards publish;
  private final Clock clock;

  public RollbackScorecards(
      Publications publications,
      ScorecardNotices notices,
      PublicationPolicy policy,
      PublishScorecards publish,
      Clock clock) {
    this.publications = publications;
    this.notices = notices;
    this.policy = policy;
    this.publish = publish;
    this.clock = clock;
  }

  /** A request to roll a month back; without {@code to}, to the version before the one in force. */
  public record Command(
      YearMonth period, Optional<Integer> to, Address by, String reason, String request) {}

  /** What became of a rollback. */
  public sealed interface Result {
    /** Version {@code to} is in force again; {@code told} reps were told what changed for them. */
    record RolledBack(int from, int to, int told) implements Result {}

    record NotPermitted() implements Result {}

    record NothingPublished() implements Result {}

    /** The version in force is the first: there is nothing earlier to go back to. */
    record NoEarlierVersion() implements Result {}

    record NoSuchVersion(int version, int latest) implements Result {}

    record AlreadyInForce(int version) implements Result {}

    /** Someone else changed the month's version in force at the same moment. */
    record Conflict() implements Result {}
  }

  public Mono<Result> rollback(Command c) {
    if (!policy.mayPublish(c.by())) {
      return Mono.just(new Result.NotPermitted());
    }
    return publications
        .state(c.period())
        .flatMap(
            s -> {
              if (s.inForce() == 0) {
                return Mono.<Result>just(new Result.NothingPublished());
              }
              int to = c.to().orElse(s.inForce() - 1);
              if (c.to().isEmpty() && to < 1) {
                return Mono.<Result>just(new Result.NoEarlierVersion());
              }
              if (to == s.inForce()) {
                return Mono.<Result>just(new Result.AlreadyInForce(to));
              }
              if (to < 1 || to > s.latest()) {
                return Mono.<Result>just(new Result.NoSuchVersion(to, s.latest()));
              }
              return Mono.zip(
                      publications.version(c.period(), s.inForce()),
                      publications.version(c.period(), to))
                  .flatMap(t -> rollback(c, t.getT1(), t.getT2()));
            });
  }

  private Mono<Result> rollback(Command c, Publication from, Publication to) {
    PublicationEvent audit =
        new PublicationEvent(
            c.period(),
            Action.ROLLBACK,
            to.version(),
            c.by(),
            c.reason().strip(),
            clock.instant(),
            c.request());
    return PublishedMonths.load(
            publications,
            c.period().minusMonths(Awards.STREAK - 1),
            c.period().plusMonths(Awards.STREAK - 1))
        .flatMap(
            before ->
                publications
                    .rollback(c.period(), from.version(), to.version(), audit)
                    .flatMap(
                        done ->
                            done
                                ? tell(audit, from, to, before)
                                : Mono.<Result>just(new Result.Conflict())));
  }

  private Mono<Result> tell(
      PublicationEvent audit,
      Publication from,
      Publication to,
      Map<YearMonth, List<PublishedScore>> before) {
    Map<YearMonth, List<PublishedScore>> after = PublishedMonths.with(before, to.period(), to);
    String id =
        "rollback-"
            + to.period()
            + "-v"
            + from.version()
            + "-v"
            + to.version()
            + "-"
            + audit.at().toEpochMilli();
    return notices
        .tellChanged("notice.scorecard.rolledBack", id, from, to)
        .flatMap(
            told ->
                Flux.fromIterable(PublishedMonths.poolChanges(before, after, to.period()))
                    .concatMap(
                        ch ->
                            notices.talentPool(
                                id + "-pool-" + ch.month() + "-" + ch.rep(),
                                ch.month(),
                                ch.rep(),
                                ch.joined()))
                    .then(publish.arm(java.time.Duration.ZERO)) // cards of it not sent yet, if any
                    .thenReturn(new Result.RolledBack(from.version(), to.version(), told)));
  }
}
