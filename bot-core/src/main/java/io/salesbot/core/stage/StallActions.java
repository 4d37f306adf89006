package io.salesbot.core.stage;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Found;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The buttons of the stall escalation card ({@link StallCards}), for the deal's manager only. Each
 * is audited as {@code stall_acted} (the manager's intervention, for 管理层干预及时率), then: 安排下一步 asks
 * the owner for a next step, 标记输单 asks for the lost reason as 输单 on the deal card does, 改派 answers
 * with the team's reps and their loads as on the first-touch escalation.
 */
public final class StallActions {
  private final DealSupport support;
  private final MoveDeal move;
  private final CardActions.Handler reassign;

  /**
   * @param reassign what 改派 does once checked and audited (the first-touch escalation's handler)
   */
  public StallActions(DealSupport support, MoveDeal move, CardActions.Handler reassign) {
    this.support = support;
    this.move = move;
    this.reassign = reassign;
  }

  public Mono<Void> plan(CardAction click) {
    return asManager(
        click,
        "asked the owner for a next step",
        d -> {
          String ref = "#" + d.lead().shortId();
          String manager = support.directory().displayName(click.user());
          return support
              .talk()
              .replies()
              .text(
                  "stall-plan-" + click.eventId(),
                  support
                      .talk()
                      .messages()
                      .get(
                          "reply.stall.planAsked",
                          manager,
                          support.talk().messages().leadName(d.lead().submission()),
                          ref),
                  List.of(d.deal().owner()))
              .then(
                  support.reply(
                      click,
                      click.user(),
                      "reply.stall.planAskedManager",
                      support.directory().displayName(d.deal().owner()),
                      ref));
        });
  }

  public Mono<Void> lose(CardAction click) {
    return asManager(click, "marking it lost", d -> move.askWhyLost(click));
  }

  public Mono<Void> reassign(CardAction click) {
    return asManager(click, "reassigning it", d -> reassign.handle(click));
  }

  private Mono<Void> asManager(
      CardAction click, String what, Function<DealSupport.Loaded, Mono<Void>> then) {
    return Found.either(
        support.load(click.payload()),
        d -> {
          if (!support.isManager(d, click.user())) {
            return support.reply(click, click.user(), "reply.managerOnly");
          }
          if (!d.deal().isOpen()) {
            return support.reply(click, click.user(), "reply.deal.closed");
          }
          return support
              .audit(
                  d.deal(),
                  click.user(),
                  "stall_acted",
                  support.directory().displayName(click.user())
                      + " acted on the stall escalation: "
                      + what,
                  click.eventId())
              .then(then.apply(d));
        },
        () -> support.reply(click, click.user(), "reply.deal.notFound"));
  }
}
