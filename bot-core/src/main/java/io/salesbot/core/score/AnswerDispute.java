package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.PublishScorecards.Published;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.Dispute;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The manager of a disputing rep's team answers the dispute. <b>Accepted</b>: a correction record
 * ({@code metric}, source {@value #SOURCE}) is ingested through the records path — validated and
 * versioned like any record — a new version of the month is published ({@link PublishScorecards},
 * the manager need not be a publisher), the reps whose rank or award changed are told before and
 * after, and the rep is told. <b>Rejected</b>: with a reason (required); the rep is told. The
 * answer is a conditional write (once); a redelivered answer resumes the steps after it, each
 * idempotent.
 */
public final class AnswerDispute {
  /** The source of correction records. */
  public static final String SOURCE = "salesbot-dispute";

  private final Disputes disputes;
  private final IngestRecord ingest;
  private final PublishScorecards publish;
  private final Publications publications;
  private final DisputeNotices notices;

  public AnswerDispute(
      Disputes disputes,
      IngestRecord ingest,
      PublishScorecards publish,
      Publications publications,
      DisputeNotices notices) {
    this.disputes = disputes;
    this.ingest = ingest;
    this.publish = publish;
    this.publications = publications;
    this.notices = notices;
  }

  /** Accept: the dimension (id or label) and its corrected figure, an optional note. */
  public record Accept(
      String id, Address by, String dimension, String value, String note, String request) {}

  /** Reject, with a reason. */
  public record Reject(String id, Address by, String reason, String request) {}

  /** What became of an answer. */
  public sealed interface Result {
    /**
     * Accepted: the correction record's outcome, what became of the new version, and how many reps
     * were told that their rank or award changed.
     */
    record Accepted(Dispute dispute, RecordOutcome correction, Published published, int told)
        implements Result {}

    record Rejected(Dispute dispute) implements Result {}

    record NotFound(String id) implements Result {}

    /** Only the manager of the rep's team answers. */
    record NotYourTeam(Dispute dispute) implements Result {}

    record AlreadyAnswered(Dispute dispute) implements Result {}

    record ReasonRequired(Dispute dispute) implements Result {}

    record TextTooLong(int max) implements Result {}

    /** {@code known}: the month's dimensions as people type them. */
    record UnknownDimension(String given, String known) implements Result {}

    /** Not a number of at least zero. */
    record BadValue(String given) implements Result {}
  }

  public Mono<Result> accept(Accept c) {
    return answer(
        c.id(),
        c.by(),
        c.request(),
        d -> {
          Optional<Dimension> dim = notices.dimension(d.period(), c.dimension());
          if (dim.isEmpty()) {
            return Optional.of(
                new Result.UnknownDimension(c.dimension(), notices.dimensions(d.period())));
          }
          if (value(c.value()).isEmpty()) {
            return Optional.of(new Result.BadValue(c.value()));
          }
          if (c.note().strip().length() > Dispute.MAX_TEXT) {
            return Optional.of(new Result.TextTooLong(Dispute.MAX_TEXT));
          }
          return Optional.empty();
        },
        d ->
            d.accepted(
                notices.dimension(d.period(), c.dimension()).orElseThrow().id(),
                value(c.value()).orElseThrow(),
                c.note().strip(),
                c.by(),
                notices.clock().instant(),
                c.request()),
        this::corrected);
  }

  public Mono<Result> reject(Reject c) {
    return answer(
        c.id(),
        c.by(),
        c.request(),
        d -> {
          if (c.reason().isBlank()) {
            return Optional.of(new Result.ReasonRequired(d));
          }
          if (c.reason().strip().length() > Dispute.MAX_TEXT) {
            return Optional.of(new Result.TextTooLong(Dispute.MAX_TEXT));
          }
          return Optional.empty();
        },
        d -> d.rejected(c.reason().strip(), c.by(), notices.clock().instant(), c.request()),
        d -> notices.rejected(d).thenReturn(new Result.Rejected(d)));
  }

  /**
   * The steps both answers share: the dispute exists, {@code by} manages its team, it is still open
   * — or answered by this very request, then the steps after the answer run again — the input is
   * valid ({@code invalid} says why not), and the answer is stored once.
   */
  private Mono<Result> answer(
      String ref,
      Address by,
      String request,
      Function<Dispute, Optional<Result>> invalid,
      Function<Dispute, Dispute> answered,
      Function<Dispute, Mono<Result>> after) {
    String id = ref.startsWith("#") ? ref.substring(1) : ref;
    return disputes
        .find(id.toLowerCase(java.util.Locale.ROOT))
        .flatMap(
            d -> {
              boolean manages =
                  notices.directory().team(d.team()).filter(t -> t.isManager(by)).isPresent();
              if (!manages) {
                return Mono.<Result>just(new Result.NotYourTeam(d));
              }
              if (!d.isOpen()) {
                return request.equals(d.answerRequest())
                    ? managerCard(d).then(after.apply(d))
                    : Mono.<Result>just(new Result.AlreadyAnswered(d));
              }
              Optional<Result> refused = invalid.apply(d);
              if (refused.isPresent()) {
                return Mono.just(refused.get());
              }
              Dispute a = answered.apply(d);
              return disputes
                  .answer(a)
                  .flatMap(
                      stored ->
                          stored
                              ? managerCard(a).then(after.apply(a))
                              : disputes
                                  .find(d.id())
                                  .map(now -> (Result) new Result.AlreadyAnswered(now)));
            })
        .defaultIfEmpty(new Result.NotFound(ref));
  }

  /** The manager's dispute card, updated with the answer. */
  private Mono<Void> managerCard(Dispute a) {
    return Mono.justOrEmpty(notices.directory().team(a.team()))
        .flatMap(
            t ->
                publications
                    .version(a.period(), a.version())
                    .flatMap(v -> notices.answered(a, v, t.manager())));
  }

  /** After an acceptance: the correction record, the new version, who changed, the rep. */
  private Mono<Result> corrected(Dispute a) {
    SalesRecord record =
        new SalesRecord(
            new RecordKey(SOURCE, "dispute-" + a.period() + "-" + a.rep() + "-" + a.dimension()),
            RecordType.METRIC,
            a.rep(),
            a.period().atDay(1).atStartOfDay(RecordRules.CHINA).toInstant(),
            false,
            true, // a published month is closed for new records unless backfilled
            Map.of(
                "dimension",
                String.valueOf(a.dimension()),
                "value",
                a.value() == null ? "0" : a.value().toPlainString()));
    Address by = a.answeredBy() == null ? a.rep() : a.answeredBy();
    String request = a.answerRequest() == null ? a.id() : a.answerRequest();
    return publications
        .state(a.period())
        .flatMap(
            before ->
                ingest
                    .ingest(record)
                    .flatMap(
                        outcome ->
                            publish
                                .correction(
                                    new PublishScorecards.Command(
                                        a.period(), by, notices.auditReason(a), request))
                                .flatMap(
                                    published ->
                                        told(a, before.inForce(), published)
                                            .flatMap(
                                                n ->
                                                    notices
                                                        .accepted(
                                                            a,
                                                            published instanceof Published.Done d
                                                                ? d.version()
                                                                : 0)
                                                        .thenReturn(
                                                            (Result)
                                                                new Result.Accepted(
                                                                    a, outcome, published, n))))));
  }

  /**
   * The reps whose rank or award the new version changed against the one in force before. A
   * redelivered answer finds the new version already in force: it compares with the version before
   * it, as the resumed publish does, and answers the same count (the notices themselves are not
   * sent twice: their command ids are the same).
   */
  private Mono<Integer> told(Dispute a, int before, Published published) {
    if (!(published instanceof Published.Done done) || before == 0) {
      return Mono.just(0);
    }
    int from = before < done.version() ? before : done.version() - 1;
    if (from < 1) {
      return Mono.just(0);
    }
    return Mono.zip(
            publications.version(a.period(), from),
            publications.version(a.period(), done.version()))
        .flatMap(
            t ->
                notices
                    .scorecards()
                    .tellChanged(
                        "notice.scorecard.disputed", "dispute-" + a.id(), t.getT1(), t.getT2()))
        .defaultIfEmpty(0);
  }

  private static Optional<BigDecimal> value(String text) {
    try {
      BigDecimal v = new BigDecimal(text.strip().replace(",", ""));
      return v.signum() < 0 ? Optional.empty() : Optional.of(v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
