package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Dispute;
import io.salesbot.core.team.domain.Team;
import java.time.YearMonth;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A rep disputes (有异议) the published scorecard of a month: the dispute is stored against the
 * version in force, with the rep's comment, and the manager of the rep's team gets the dispute
 * card. One open dispute per rep and month; a redelivered request opens nothing twice.
 */
public final class OpenDispute {
  /** How many ids are tried when a request's id is taken by another request's dispute. */
  private static final int ATTEMPTS = 3;

  /** How many of the rep's newest disputes are looked at for an open one of the month. */
  private static final int RECENT = 50;

  private final Disputes disputes;
  private final Publications publications;
  private final DisputeNotices notices;

  public OpenDispute(Disputes disputes, Publications publications, DisputeNotices notices) {
    this.disputes = disputes;
    this.publications = publications;
    this.notices = notices;
  }

  /** A rep's dispute of a month; {@code request} is the chat message's event id. */
  public record Command(YearMonth period, Address rep, String comment, String request) {}

  /** What became of it. */
  public sealed interface Result {
    /** Stored (or stored before by the same request); the manager has the card. */
    record Opened(Dispute dispute, Address manager) implements Result {}

    /** Only a rep in a team disputes a scorecard. */
    record NotARep() implements Result {}

    record CommentRequired() implements Result {}

    record CommentTooLong(int max) implements Result {}

    /** No version of the month is in force. */
    record NotPublished() implements Result {}

    /** The rep has an open dispute of the month already. */
    record AlreadyOpen(Dispute open) implements Result {}
  }

  public Mono<Result> open(Command c) {
    Optional<Team> team = notices.directory().teamOf(c.rep());
    String comment = c.comment().strip();
    if (team.isEmpty()) {
      return Mono.just(new Result.NotARep());
    }
    if (comment.isEmpty()) {
      return Mono.just(new Result.CommentRequired());
    }
    if (comment.length() > Dispute.MAX_TEXT) {
      return Mono.just(new Result.CommentTooLong(Dispute.MAX_TEXT));
    }
    Team t = team.get();
    return publications
        .state(c.period())
        .flatMap(
            s -> {
              if (s.inForce() == 0) {
                return Mono.<Result>just(new Result.NotPublished());
              }
              return openOfMonth(c.rep(), c.period(), c.request(), t)
                  .switchIfEmpty(
                      Mono.defer(
                          () ->
                              store(
                                  Dispute.open(
                                      Dispute.idFor(c.request(), 0),
                                      c.rep(),
                                      t.id(),
                                      c.period(),
                                      s.inForce(),
                                      comment,
                                      notices.clock().instant(),
                                      c.request()),
                                  t,
                                  0)));
            });
  }

  private Mono<Result> store(Dispute d, Team team, int attempt) {
    return disputes
        .open(d)
        .flatMap(
            stored -> {
              if (stored) {
                return told(d, team);
              }
              // Not stored: its id is taken, or another request opened the month's dispute first.
              Mono<Result> retry =
                  Mono.defer(
                      () -> {
                        if (attempt + 1 >= ATTEMPTS) {
                          return Mono.error(
                              new IllegalStateException("no free dispute id for " + d.request()));
                        }
                        return store(
                            d.withId(Dispute.idFor(d.request(), attempt + 1)), team, attempt + 1);
                      });
              return disputes
                  .find(d.id())
                  .flatMap(
                      other ->
                          other.request().equals(d.request())
                              ? told(other, team) // redelivered: opened before
                              : openOfMonth(d.rep(), d.period(), d.request(), team)
                                  .switchIfEmpty(retry))
                  .switchIfEmpty(
                      Mono.defer(
                          () ->
                              openOfMonth(d.rep(), d.period(), d.request(), team)
                                  .switchIfEmpty(retry)));
            });
  }

  /**
   * The rep's open dispute of the month, if any: told again when {@code request} opened it (a
   * redelivery), else {@link Result.AlreadyOpen}.
   */
  private Mono<Result> openOfMonth(Address rep, YearMonth period, String request, Team team) {
    return disputes
        .ofRep(rep, RECENT)
        .filter(d -> d.isOpen() && d.period().equals(period))
        .next()
        .flatMap(
            open ->
                open.request().equals(request)
                    ? told(open, team)
                    : Mono.<Result>just(new Result.AlreadyOpen(open)));
  }

  private Mono<Result> told(Dispute d, Team team) {
    return publications
        .version(d.period(), d.version())
        .flatMap(v -> notices.opened(d, v, team.manager()))
        .thenReturn(new Result.Opened(d, team.manager()));
  }
}
