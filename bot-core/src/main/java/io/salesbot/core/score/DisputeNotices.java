package io.salesbot.core.score;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.Dispute;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublishedScore;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.team.TeamDirectory;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * What disputes send: the manager's dispute card (the rep, the month, the disputed version's score
 * and ranks, the comment; 接受 / 驳回), the rep's answer, and — through {@link ScorecardNotices} — the
 * before/after lines of a version published for an accepted dispute. Command ids carry the
 * dispute's id, so a redelivered step sends nothing twice.
 */
public final class DisputeNotices {
  private final Talk talk;
  private final TeamDirectory directory;
  private final Supplier<ScorecardModels> models;
  private final ScorecardNotices scorecards;

  public DisputeNotices(
      Talk talk,
      TeamDirectory directory,
      Supplier<ScorecardModels> models,
      ScorecardNotices scorecards) {
    this.talk = talk;
    this.directory = directory;
    this.models = models;
    this.scorecards = scorecards;
  }

  Clock clock() {
    return talk.clock();
  }

  TeamDirectory directory() {
    return directory;
  }

  ScorecardNotices scorecards() {
    return scorecards;
  }

  /** The dimension of the month's model that {@code ref} names, by id or label (ignoring case). */
  public Optional<Dimension> dimension(YearMonth period, String ref) {
    return models.get().forPeriod(period).dimensions().stream()
        .filter(d -> d.id().equalsIgnoreCase(ref) || d.label().equalsIgnoreCase(ref))
        .findFirst();
  }

  /** The month's dimensions as people type them: {@code 合同金额(contract-amount)、…}. */
  public String dimensions(YearMonth period) {
    return String.join(
        "、",
        models.get().forPeriod(period).dimensions().stream()
            .map(d -> d.label() + "(" + d.id() + ")")
            .toList());
  }

  /** A dimension's label in the month's model; its id when the model has no such dimension. */
  public String label(YearMonth period, String dimension) {
    return dimension(period, dimension).map(Dimension::label).orElse(dimension);
  }

  /** The dispute card to the manager of the rep's team. */
  Mono<Void> opened(Dispute d, Publication version, Address manager) {
    Messages m = talk.messages();
    Card card =
        card(
            d,
            version,
            1,
            List.of(new CardElement.Note(m.get("card.dispute.note", d.id()))),
            List.of(
                new CardButton(
                    CardActions.RUN_COMMAND,
                    m.get("button.accept"),
                    "/disputes accept " + d.id(),
                    CardButton.Style.PRIMARY),
                new CardButton(
                    CardActions.RUN_COMMAND,
                    m.get("button.reject"),
                    "/disputes reject " + d.id(),
                    CardButton.Style.DANGER)));
    return talk.replies()
        .perPlatform(List.of(manager), (r, x) -> new DeliverCard(card.cardId() + x, card, r));
  }

  /**
   * The manager's dispute card once answered, updated in place: the answer (accepted with the
   * corrected figure, or rejected with the reason) and who gave it, no buttons — so a second
   * manager looking at it sees it is done.
   */
  Mono<Void> answered(Dispute d, Publication version, Address manager) {
    Messages m = talk.messages();
    String by = d.answeredBy() == null ? "" : directory.displayName(d.answeredBy());
    String answer =
        d.state() == Dispute.State.ACCEPTED
            ? m.get(
                "card.dispute.answerAccepted",
                by,
                d.dimension() == null ? "" : label(d.period(), d.dimension()),
                d.value() == null ? "" : d.value().toPlainString())
            : m.get("card.dispute.answerRejected", by, d.answer() == null ? "" : d.answer());
    Card card =
        card(
            d,
            version,
            2,
            List.of(new CardElement.Field(m.get("card.dispute.answer"), answer)),
            List.of());
    return talk.replies()
        .perPlatform(
            List.of(manager), (r, x) -> new UpdateCard(card.cardId() + "-answered" + x, card, r));
  }

  private Card card(
      Dispute d,
      Publication version,
      int cardVersion,
      List<CardElement> tail,
      List<CardButton> buttons) {
    Messages m = talk.messages();
    Optional<PublishedScore> s = version.score(d.rep());
    List<CardElement> elements = new ArrayList<>();
    elements.add(new CardElement.Field(m.get("card.dispute.id"), d.id()));
    elements.add(
        new CardElement.Field(
            m.get("card.dispute.version"), m.get("card.dispute.versionValue", d.version())));
    if (s.isPresent()) {
      elements.addAll(ScorecardNotices.standing(m, version, s.get()));
    } else {
      elements.add(
          new CardElement.Field(
              m.get("card.scorecard.composite"), m.get("notice.scorecard.notScored")));
    }
    elements.add(new CardElement.Field(m.get("card.dispute.comment"), d.comment()));
    elements.addAll(tail);
    return new Card(
        "dispute-" + d.id(),
        cardVersion,
        CardType.CHOICE,
        m.get("card.dispute.title", directory.displayName(d.rep()), d.period().toString()),
        elements,
        buttons);
  }

  /**
   * Tells the rep their dispute was accepted; {@code version} is the version published for it, 0
   * when none could be published now (the next {@code /publish} includes the correction).
   */
  Mono<Void> accepted(Dispute d, int version) {
    Messages m = talk.messages();
    String dim = d.dimension() == null ? "" : label(d.period(), d.dimension());
    String value = d.value() == null ? "" : d.value().toPlainString();
    String note = d.answer() == null || d.answer().isBlank() ? "-" : d.answer();
    String by = d.answeredBy() == null ? "" : directory.displayName(d.answeredBy());
    String text =
        version > 0
            ? m.get(
                "notice.dispute.accepted",
                d.id(),
                d.period().toString(),
                by,
                dim,
                value,
                note,
                version)
            : m.get(
                "notice.dispute.acceptedPending",
                d.id(),
                d.period().toString(),
                by,
                dim,
                value,
                note);
    return talk.replies().text("dispute-" + d.id() + "-accepted", text, List.of(d.rep()));
  }

  /** Tells the rep their dispute was rejected, with the manager's reason. */
  Mono<Void> rejected(Dispute d) {
    Messages m = talk.messages();
    String by = d.answeredBy() == null ? "" : directory.displayName(d.answeredBy());
    String text =
        m.get(
            "notice.dispute.rejected",
            d.id(),
            d.period().toString(),
            by,
            d.answer() == null ? "" : d.answer());
    return talk.replies().text("dispute-" + d.id() + "-rejected", text, List.of(d.rep()));
  }

  /** The reason a version published for an accepted dispute carries in the publication audit. */
  String auditReason(Dispute d) {
    return talk.messages()
        .get(
            "audit.dispute.accepted",
            d.id(),
            d.dimension() == null ? "" : label(d.period(), d.dimension()),
            d.value() == null ? "" : d.value().toPlainString(),
            d.answer() == null ? "" : d.answer())
        .strip();
  }
}
