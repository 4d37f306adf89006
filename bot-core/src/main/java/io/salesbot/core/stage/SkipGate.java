package io.salesbot.core.stage;

import io.salesbot.core.kernel.Found;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.team.domain.Team;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Skipping a shut gate needs the manager: the rep's <em>申请跳过</em> (with a reason) sends the team's
 * manager an approval card; <em>批准</em> moves the deal on with the skipped checkpoints owed as
 * evidence debt, <em>驳回</em> tells the rep. A request is decided once.
 */
public final class SkipGate {
  private final DealSupport support;
  private final MoveDeal move;

  public SkipGate(DealSupport support, MoveDeal move) {
    this.support = support;
    this.move = move;
  }

  /** A rep asks to move {@code d} to the next stage although its gate is shut. */
  public Mono<Void> request(InboundEvent.TextMessage message, DealSupport.Loaded d, String reason) {
    Address rep = message.user();
    Deal deal = d.deal();
    if (!deal.isOpen()) {
      return support.reply(message, rep, "reply.deal.closed");
    }
    if (deal.stage() >= support.model().last()) {
      return support.reply(message, rep, "reply.deal.lastStage");
    }
    int to = deal.stage() + 1;
    List<CheckpointDef> owed = StageMove.skipped(deal, to, support.model());
    if (owed.isEmpty()) {
      return support.reply(message, rep, "reply.skip.notNeeded", "#" + d.lead().shortId());
    }
    if (d.team().isEmpty()) {
      return support.reply(message, rep, "reply.deal.notFound");
    }
    Team team = d.team().get();
    SkipRequest r =
        new SkipRequest(
            "sk-" + message.eventId(),
            deal.id(),
            deal.stage(),
            to,
            rep,
            reason,
            support.talk().clock().instant(),
            SkipRequest.State.PENDING,
            null,
            null);
    var card =
        support.cards().skipApproval(r, deal, d.lead(), support.directory().displayName(rep), owed);
    return support
        .deals()
        .requestSkip(r)
        .flatMap(
            stored ->
                support
                    .audit(
                        deal,
                        rep,
                        "skip_requested",
                        "asked to skip to "
                            + support.model().stage(to).name()
                            + " (reason: "
                            + reason
                            + "; would owe "
                            + MoveDeal.labels(owed)
                            + ")",
                        message.eventId())
                    .then(
                        support
                            .talk()
                            .replies()
                            .perPlatform(
                                List.of(team.manager()),
                                (m, s) -> new DeliverCard("skip-" + stored.id() + s, card, m)))
                    .then(
                        support.reply(
                            message,
                            rep,
                            "reply.skip.requested",
                            support.directory().displayName(team.manager()))));
  }

  /** The manager pressed 批准 (approve) or 驳回 (reject); payload the request id. */
  public Mono<Void> decide(CardAction click, boolean approve) {
    Address manager = click.user();
    return Found.either(
        support
            .deals()
            .findSkip(click.payload())
            .flatMap(r -> support.load(r.dealId()).map(d -> new Skip(r, d))),
        found -> {
          SkipRequest r = found.request();
          DealSupport.Loaded d = found.deal();
          if (!support.isManager(d, manager)) {
            return support.reply(click, manager, "reply.managerOnly");
          }
          if (r.state() != SkipRequest.State.PENDING) {
            return support.reply(click, manager, "reply.skip.alreadyDecided");
          }
          if (d.deal().stage() != r.from() || !d.deal().isOpen()) {
            return support
                .deals()
                .decideSkip(r.decided(false, manager, support.talk().clock().instant()))
                .then(support.reply(click, manager, "reply.deal.changed"));
          }
          return Found.either(
              support
                  .deals()
                  .decideSkip(r.decided(approve, manager, support.talk().clock().instant())),
              decided -> approve ? approved(click, d, decided) : rejected(click, d, decided),
              () -> support.reply(click, manager, "reply.skip.alreadyDecided"));
        },
        () -> support.reply(click, manager, "reply.skip.notFound"));
  }

  private record Skip(SkipRequest request, DealSupport.Loaded deal) {}

  private Mono<Void> approved(CardAction click, DealSupport.Loaded d, SkipRequest r) {
    return move.skip(click, d, r.to(), r.reason())
        .flatMap(
            moved ->
                moved
                    ? support
                        .talk()
                        .replies()
                        .text(
                            "skip-approved-" + r.id(),
                            support
                                .talk()
                                .messages()
                                .get(
                                    "reply.skip.approvedRep",
                                    "#" + d.lead().shortId(),
                                    support.directory().displayName(click.user())),
                            List.of(r.requestedBy()))
                    : Mono.empty());
  }

  private Mono<Void> rejected(CardAction click, DealSupport.Loaded d, SkipRequest r) {
    return support
        .audit(
            d.deal(),
            click.user(),
            "skip_rejected",
            "skip to "
                + support.model().stage(r.to()).name()
                + " rejected by "
                + support.directory().displayName(click.user()),
            click.eventId())
        .then(support.reply(click, click.user(), "reply.skip.rejected", "#" + d.lead().shortId()))
        .then(
            support
                .talk()
                .replies()
                .text(
                    "skip-rejected-" + r.id(),
                    support
                        .talk()
                        .messages()
                        .get(
                            "reply.skip.rejectedRep",
                            "#" + d.lead().shortId(),
                            support.directory().displayName(click.user())),
                    List.of(r.requestedBy())));
  }
}
