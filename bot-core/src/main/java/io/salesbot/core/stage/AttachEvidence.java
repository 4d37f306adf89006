package io.salesbot.core.stage;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Evidence;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The rep chose which checkpoint a piece of evidence proves: it is attached, the checkpoint is done
 * once its evidence is complete, and the deal card shows it. Refused, with a reason and no change:
 * someone else's deal or evidence, a closed deal, a checkpoint only the team's manager may complete
 * ({@code completed-by: manager}) pressed by someone else, a checkpoint that is done, not reachable
 * yet, or that this evidence cannot prove.
 */
public final class AttachEvidence implements CardActions.Handler {
  private final DealSupport support;
  private final EvidenceStore store;

  public AttachEvidence(DealSupport support, EvidenceStore store) {
    this.support = support;
    this.store = store;
  }

  @Override
  public Mono<Void> handle(CardAction click) {
    Address user = click.user();
    String[] p = click.payload().split(":", 3);
    if (p.length != 3) {
      return support.reply(click, user, "reply.unknownAction");
    }
    Optional<CheckpointDef> checkpoint = support.model().checkpoint(p[2]);
    if (checkpoint.isEmpty()) {
      return support.reply(click, user, "reply.unknownAction");
    }
    CheckpointDef c = checkpoint.get();
    return store
        .find(p[0])
        .filter(e -> e.uploader().equals(user))
        // attach(...) completes empty: it is turned into a value, so that the "not found" answers
        // below only come when the evidence or the deal is really missing.
        .flatMap(
            evidence ->
                support
                    .load(p[1])
                    .flatMap(d -> attach(click, d, c, evidence).thenReturn(true))
                    .switchIfEmpty(
                        Mono.defer(
                            () ->
                                support
                                    .reply(click, user, "reply.deal.notFound")
                                    .thenReturn(true))))
        .switchIfEmpty(
            Mono.defer(
                () -> support.reply(click, user, "reply.evidence.notFound").thenReturn(true)))
        .then();
  }

  private Mono<Void> attach(
      CardAction click, DealSupport.Loaded d, CheckpointDef c, Evidence evidence) {
    Address user = click.user();
    Deal deal = d.deal();
    if (!support.mayAct(d, user)) {
      return support.reply(click, user, "reply.deal.notYours", "#" + d.lead().shortId());
    }
    if (!deal.isOpen()) {
      return support.reply(click, user, "reply.deal.closed");
    }
    if (c.managerOnly() && !support.isManager(d, user)) {
      return support.reply(click, user, "reply.checkpoint.managerOnly", c.label());
    }
    if (deal.state(c.id()).done()) {
      return support.reply(click, user, "reply.checkpoint.alreadyDone", c.label());
    }
    if (!ShareEvidence.candidates(deal, evidence.kinds(), support.model()).contains(c)) {
      return support.reply(
          click, user, "reply.checkpoint.notNow", c.label(), support.cards().needs(c));
    }
    Deal next =
        deal.withEvidence(
            c, evidence.kinds(), evidence.id(), user, support.talk().clock().instant());
    boolean done = next.state(c.id()).done();
    return support
        .deals()
        .save(next)
        .flatMap(
            saved ->
                store
                    .attach(evidence.id(), saved.id(), c.id())
                    .then(
                        support
                            .audit(
                                saved,
                                user,
                                done ? "checkpoint_done" : "evidence_added",
                                c.label()
                                    + (done ? " done" : " evidence added")
                                    + " (evidence "
                                    + String.join(",", saved.state(c.id()).evidence())
                                    + ")",
                                click.eventId())
                            .then(support.show(saved, d.lead()))
                            .then(
                                done
                                    ? support.reply(
                                        click,
                                        user,
                                        "reply.checkpoint.done",
                                        c.label(),
                                        "#" + d.lead().shortId())
                                    : support.reply(
                                        click,
                                        user,
                                        "reply.checkpoint.partly",
                                        c.label(),
                                        support.cards().needs(c))))
                    .thenReturn(true))
        .switchIfEmpty(support.reply(click, user, "reply.deal.changed").thenReturn(false))
        .then();
  }
}
