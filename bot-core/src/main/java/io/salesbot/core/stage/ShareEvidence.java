package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.StageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A rep typed a note to the bot (not a command): if it can prove an open checkpoint of one of their
 * open deals, it is kept as evidence and the bot asks which checkpoint it proves, one button each.
 * Only in the 1:1 chat; a note nothing can use is left to the usual hint.
 */
public final class ShareEvidence {
  static final int MAX_NOTE = 2000;
  private static final int DEALS = 20;
  private static final Pattern NAMED = Pattern.compile("#([0-9A-Za-z-]{6,})(?=\\s|$)");

  private final DealSupport support;
  private final EvidenceStore store;

  public ShareEvidence(DealSupport support, EvidenceStore store) {
    this.support = support;
    this.store = store;
  }

  /** True when the text was taken as evidence (and answered). */
  public Mono<Boolean> offer(TextMessage message) {
    if (message.conversation() != null) {
      return Mono.just(false);
    }
    String text = message.text().strip();
    Address rep = message.user();
    if (text.length() > MAX_NOTE) {
      return support.reply(message, rep, "reply.evidence.tooLong", MAX_NOTE).thenReturn(true);
    }
    Matcher ref = NAMED.matcher(text);
    String rest = ref.lookingAt() ? text.substring(ref.end()).strip() : "";
    Mono<Offer> named =
        rest.isEmpty()
            ? Mono.empty()
            : Mono.defer(
                () -> {
                  Set<EvidenceKind> kinds = EvidenceText.kinds(rest);
                  return named(rep, kinds, ref.group(1)).map(o -> new Offer(o, rest, kinds));
                });
    return named
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  Set<EvidenceKind> kinds = EvidenceText.kinds(text);
                  return options(rep, kinds).map(o -> new Offer(o, text, kinds));
                }))
        .flatMap(
            offer -> {
              if (offer.options().isEmpty()) {
                return Mono.just(false);
              }
              Evidence evidence =
                  new Evidence(
                      "ev-" + message.eventId(),
                      rep,
                      offer.kinds(),
                      offer.text(),
                      null,
                      null,
                      support.talk().clock().instant());
              return store
                  .save(evidence)
                  .then(ask(message, evidence, offer.options()))
                  .thenReturn(true);
            });
  }

  /**
   * The options a note is offered, its text as kept (without the deal's number naming it) and the
   * kinds of evidence that text is.
   */
  private record Offer(List<DealCards.Option> options, String text, Set<EvidenceKind> kinds) {}

  /**
   * A note that starts with a deal's number ({@code #1a2b3c4d …}, at least six characters) is
   * offered to that deal alone, when it is one the person may prove something on: the way to reach
   * a deal beyond the {@value #DEALS} newest; the note is kept without the number. Empty (the usual
   * options) for anything else.
   */
  private Mono<List<DealCards.Option>> named(Address rep, Set<EvidenceKind> kinds, String ref) {
    StageModel model = support.model();
    return support
        .leads()
        .findByIdPrefix(ref.toLowerCase(Locale.ROOT), 2)
        .collectList()
        .filter(found -> found.size() == 1)
        .flatMap(
            found ->
                support
                    .deals()
                    .find(found.get(0).id())
                    .filter(Deal::isOpen)
                    .map(
                        deal ->
                            completable(deal, rep, kinds, model).stream()
                                .map(cp -> new DealCards.Option(deal, found.get(0), cp))
                                .toList()))
        .filter(options -> !options.isEmpty());
  }

  /**
   * The (deal, checkpoint) pairs evidence of these kinds may prove for this person: on their own
   * open deals, the checkpoints they may complete (a manager-only one only when they manage the
   * deal's team); on the open deals of teams they manage but do not own, the manager-only
   * checkpoints — what only they can complete.
   */
  Mono<List<DealCards.Option>> options(Address rep, Set<EvidenceKind> kinds) {
    StageModel model = support.model();
    Flux<Deal> own = support.deals().ownedBy(rep, DEALS).filter(Deal::isOpen);
    Flux<Deal> managed =
        Flux.fromIterable(support.directory().teams())
            .filter(t -> t.isManager(rep))
            .concatMap(t -> support.deals().openOfTeam(t.id()))
            .filter(d -> !d.owner().equals(rep));
    // Checkpoints are chosen before any lead is read: a big team's deals cost no lookups.
    return Flux.concat(own, managed)
        .map(deal -> new DealCards.Candidates(deal, completable(deal, rep, kinds, model)))
        .filter(c -> !c.checkpoints().isEmpty())
        .take(DEALS)
        .concatMap(
            c ->
                support
                    .leads()
                    .findById(c.deal().id())
                    .flatMapMany(
                        lead ->
                            Flux.fromIterable(c.checkpoints())
                                .map(cp -> new DealCards.Option(c.deal(), lead, cp))))
        .collectList();
  }

  /**
   * The {@link #candidates} offered to this person: manager-only ones to the team's manager, the
   * others to the owner.
   */
  private List<CheckpointDef> completable(
      Deal deal, Address person, Set<EvidenceKind> kinds, StageModel model) {
    boolean manager =
        support.directory().team(deal.teamId()).map(t -> t.isManager(person)).orElse(false);
    boolean owner = deal.owner().equals(person);
    return candidates(deal, kinds, model).stream()
        .filter(c -> c.managerOnly() ? manager : owner)
        .toList();
  }

  /** Asks the rep which checkpoint the evidence proves: one button per option. */
  Mono<Void> ask(InboundEvent message, Evidence evidence, List<DealCards.Option> options) {
    Address rep = evidence.uploader();
    String cardId = "evidence-" + message.eventId();
    return support
        .talk()
        .replies()
        .perPlatform(
            List.of(rep),
            (r, s) ->
                new DeliverCard(
                    cardId + s, support.cards().choice(cardId, evidence.id(), options), r));
  }

  /**
   * The checkpoints a piece of evidence of these kinds may prove on a deal: those of the current
   * stage that are not done, and those owed from earlier stages, whose rule takes one of the kinds
   * and whose prerequisite is done.
   */
  static List<CheckpointDef> candidates(Deal deal, Set<EvidenceKind> kinds, StageModel model) {
    List<CheckpointDef> out = new ArrayList<>();
    for (CheckpointDef c : model.all()) {
      CheckpointState s = deal.state(c.id());
      boolean current = model.stageOf(c.id()) == deal.stage() && !s.done();
      boolean owed = s.state() == CheckpointState.State.OWED;
      if ((current || owed)
          && !c.evidence().automatic()
          && kinds.stream().anyMatch(k -> c.evidence().accepts(k))
          && (c.dependsOn() == null || deal.state(c.dependsOn()).done())) {
        out.add(c);
      }
    }
    return out;
  }
}
