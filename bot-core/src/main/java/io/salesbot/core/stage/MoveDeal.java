package io.salesbot.core.stage;

import io.salesbot.core.kernel.Found;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.ClosedListener;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.StageMove.Kind;
import io.salesbot.core.stage.domain.Transition;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Moves a deal through its stages and ends it, as {@link StageMove} allows: <em>推进到下一阶段</em>
 * through the gate, back with a reason, <em>赢单</em> after the last stage's checkpoints, <em>输单</em>
 * with a reason from the configured list. Every move is one conditional write with its {@link
 * Transition} and an audit line; a stale or repeated click changes nothing and is told so.
 */
public final class MoveDeal {
  private final DealSupport support;
  private final ClosedListener closed;

  /** {@code closed}: told when a deal's end closes its lead (a cap may free up). */
  public MoveDeal(DealSupport support, ClosedListener closed) {
    this.support = support;
    this.closed = closed;
  }

  /** 推进到下一阶段; payload {@code <dealId>:<stage index the card showed>}. */
  public Mono<Void> advance(CardAction click) {
    String[] p = click.payload().split(":", 2);
    int seen;
    try {
      seen = Integer.parseInt(p.length == 2 ? p[1] : "x");
    } catch (NumberFormatException e) {
      return support.reply(click, click.user(), "reply.unknownAction");
    }
    return withDeal(
        click,
        p[0],
        d -> {
          if (d.deal().stage() != seen) {
            return support.reply(click, click.user(), "reply.deal.alreadyMoved", path(d.deal()));
          }
          return move(click, d, Kind.ADVANCE, seen + 1, null, false);
        });
  }

  /** 赢单; payload the deal id. */
  public Mono<Void> win(CardAction click) {
    return withDeal(
        click, click.payload(), d -> move(click, d, Kind.WIN, d.deal().stage(), null, false));
  }

  /** 输单: asks why, one button per configured reason; payload the deal id. */
  public Mono<Void> askWhyLost(CardAction click) {
    return withDeal(
        click,
        click.payload(),
        d -> {
          if (!d.deal().isOpen()) {
            return support.reply(click, click.user(), "reply.deal.closed");
          }
          var card =
              support.cards().lostReasons(d.deal(), d.lead(), support.settings().lostReasons());
          return support
              .talk()
              .replies()
              .perPlatform(
                  List.of(click.user()),
                  (r, s) -> new DeliverCard(card.cardId() + "-" + click.eventId() + s, card, r));
        });
  }

  /** The lost reason was chosen; payload {@code <dealId>:<reason index>}. */
  public Mono<Void> lost(CardAction click) {
    String[] p = click.payload().split(":", 2);
    List<String> reasons = support.settings().lostReasons();
    int i;
    try {
      i = Integer.parseInt(p.length == 2 ? p[1] : "x");
    } catch (NumberFormatException e) {
      i = -1;
    }
    if (i < 0 || i >= reasons.size()) {
      return support.reply(click, click.user(), "reply.unknownAction");
    }
    String reason = reasons.get(i);
    return withDeal(click, p[0], d -> move(click, d, Kind.LOSE, d.deal().stage(), reason, false));
  }

  /** {@code /invalid}: not a real prospect, for a reason from the configured list. */
  public Mono<Void> invalid(InboundEvent event, DealSupport.Loaded d, String reason) {
    return move(event, d, Kind.INVALIDATE, d.deal().stage(), reason, false);
  }

  /** {@code /back}: to an earlier stage, with a reason. */
  public Mono<Void> back(InboundEvent event, DealSupport.Loaded d, int to, String reason) {
    return move(event, d, Kind.BACK, to, reason, false);
  }

  /** A skip the manager approved: past the gate, the skipped checkpoints owed. */
  Mono<Boolean> skip(InboundEvent event, DealSupport.Loaded d, int to, String reason) {
    return apply(event, d, Kind.SKIP, to, reason, true);
  }

  private Mono<Void> withDeal(
      CardAction click,
      String dealId,
      java.util.function.Function<DealSupport.Loaded, Mono<Void>> then) {
    Address user = click.user();
    return Found.either(
        support.load(dealId),
        d ->
            support.mayAct(d, user)
                ? then.apply(d)
                : support.reply(click, user, "reply.deal.notYours", "#" + d.lead().shortId()),
        () -> support.reply(click, user, "reply.deal.notFound"));
  }

  private Mono<Void> move(
      InboundEvent event,
      DealSupport.Loaded d,
      Kind kind,
      int to,
      @Nullable String reason,
      boolean approved) {
    return apply(event, d, kind, to, reason, approved).then();
  }

  /** Decides, and on Allowed writes deal, transition, audit and (for an ending) the lead. */
  private Mono<Boolean> apply(
      InboundEvent event,
      DealSupport.Loaded d,
      Kind kind,
      int to,
      @Nullable String reason,
      boolean approved) {
    Address user = event instanceof CardAction c ? c.user() : actor(event);
    StageModel model = support.model();
    Deal deal = d.deal();
    StageMove.Decision decision =
        StageMove.decide(deal, kind, to, approved, reason != null && !reason.isBlank(), model);
    if (decision instanceof StageMove.Refused r) {
      return support.reply(event, user, r.key()).thenReturn(false);
    }
    if (decision instanceof StageMove.Blocked b) {
      return support
          .reply(
              event,
              user,
              kind == Kind.WIN ? "reply.deal.winBlocked" : "reply.deal.gateShut",
              labels(b.missing()),
              "#" + d.lead().shortId())
          .thenReturn(false);
    }
    StageMove.Allowed a = (StageMove.Allowed) decision;
    Instant now = support.talk().clock().instant();
    DealOutcome outcome =
        switch (kind) {
          case WIN -> DealOutcome.WON;
          case LOSE -> DealOutcome.LOST;
          case INVALIDATE -> DealOutcome.INVALID;
          default -> DealOutcome.OPEN;
        };
    Deal next =
        outcome.closed()
            ? deal.closed(outcome, reason, now)
            : deal.movedTo(
                a.to(),
                now,
                a.owed(),
                a.owed().isEmpty() ? null : now.plus(support.settings().owedFor()));
    Transition t =
        new Transition(
            deal.id(),
            kind,
            deal.stage(),
            next.stage(),
            outcome,
            user,
            reason,
            StageMove.reliedOn(deal, kind, a.to(), model),
            !a.owed().isEmpty(),
            now);
    String line = describe(kind, deal, next, reason, a.owed(), user, t.evidence());
    return support
        .deals()
        .save(next, t)
        .flatMap(
            saved ->
                endLead(saved, outcome, line, event.eventId(), now)
                    // At the transition's instant: the admin view joins the two on it.
                    .then(support.audit(saved, user, action(kind), line, event.eventId(), now))
                    .then(support.show(saved, d.lead()))
                    .then(
                        support.reply(
                            event,
                            user,
                            "reply.deal." + action(kind),
                            path(saved),
                            labels(a.owed()),
                            reason == null ? "" : reason))
                    .thenReturn(true))
        .switchIfEmpty(
            Mono.defer(() -> support.reply(event, user, "reply.deal.changed").thenReturn(false)));
  }

  private Mono<Void> endLead(
      Deal deal, DealOutcome outcome, String line, String eventId, Instant now) {
    if (!outcome.closed()) {
      return Mono.empty();
    }
    LeadStatus status = LeadStatus.valueOf(outcome.name());
    return support
        .leads()
        .close(
            deal.id(),
            deal.owner(),
            status,
            new AuditEntry(
                deal.id(),
                deal.owner().toString(),
                "lead_" + status.name().toLowerCase(),
                line,
                eventId,
                now))
        .flatMap(lead -> closed.closed(lead, eventId));
  }

  private static Address actor(InboundEvent event) {
    if (event instanceof InboundEvent.TextMessage m) {
      return m.user();
    }
    throw new IllegalArgumentException("no person behind " + event.getClass().getSimpleName());
  }

  private String describe(
      Kind kind,
      Deal from,
      Deal to,
      @Nullable String reason,
      List<CheckpointDef> owed,
      Address by,
      List<String> evidence) {
    StageModel model = support.model();
    String who = support.directory().displayName(by);
    String move =
        model.stage(from.stage()).name()
            + " → "
            + (to.outcome().closed()
                ? to.outcome().name().toLowerCase()
                : model.stage(to.stage()).name());
    return move
        + " by "
        + who
        + (reason == null ? "" : " (reason: " + reason + ")")
        + (owed.isEmpty() ? "" : " (owed: " + labels(owed) + ")")
        + (evidence.isEmpty() ? "" : " (evidence " + String.join(",", evidence) + ")");
  }

  /**
   * The audit action of a move ({@code stage_advanced}, …, {@code deal_won}); its audit line has
   * the {@link Transition}'s instant.
   */
  public static String action(Kind kind) {
    return switch (kind) {
      case ADVANCE -> "stage_advanced";
      case SKIP -> "stage_skipped";
      case BACK -> "stage_back";
      case WIN -> "deal_won";
      case LOSE -> "deal_lost";
      case INVALIDATE -> "deal_invalid";
    };
  }

  String path(Deal deal) {
    return support.cards().path(deal);
  }

  static String labels(List<CheckpointDef> checkpoints) {
    return checkpoints.stream().map(CheckpointDef::label).collect(Collectors.joining("、"));
  }
}
