package io.salesbot.core.stage;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.StageDef;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * What the stall timers armed by {@link StallClock} do: nudge the owner of an idle deal, escalate a
 * stalled one to the team's manager with a card, warn of a long dwell in a stage, and remind the
 * owner of a next step whose date passed. Each first checks the timer is still current — the deal
 * open, in the same stage, no progress (or the same next step) since it was armed — and does
 * nothing otherwise; inside quiet hours it waits for their end. What it sends has ids made from the
 * timer's, so a timer fired twice (an instance died mid-way) sends once.
 */
public final class StallTimers {
  private final DealSupport support;
  private final StallClock stallClock;
  private final Messages messages;

  public StallTimers(DealSupport support, StallClock stallClock) {
    this.support = support;
    this.stallClock = stallClock;
    this.messages = support.talk().messages();
  }

  public TimerHandler idle() {
    return timer -> whenCurrent(timer, progressed(timer), this::nudge);
  }

  public TimerHandler stalled() {
    return timer -> whenCurrent(timer, progressed(timer), this::escalate);
  }

  public TimerHandler dwell() {
    return timer -> whenCurrent(timer, movedStage(timer), this::warnDwell);
  }

  public TimerHandler nextStep() {
    return timer -> whenCurrent(timer, sameNextStep(timer), this::remindNextStep);
  }

  private interface Work {
    Mono<Void> run(Timer timer, DealSupport.Loaded d, Team team);
  }

  private Mono<Void> whenCurrent(Timer timer, Predicate<Deal> current, Work work) {
    return support
        .load(timer.leadId())
        .filter(d -> d.deal().isOpen() && current.test(d.deal()) && d.team().isPresent())
        .flatMap(
            d ->
                stallClock
                    .deferIfQuiet(timer, d.deal().teamId())
                    .flatMap(
                        deferred ->
                            deferred ? Mono.empty() : work.run(timer, d, d.team().orElseThrow())));
  }

  /** Data {@code <stage>|<epoch ms>}: the deal is in that stage with no progress since. */
  private static Predicate<Deal> progressed(Timer timer) {
    String[] p = timer.data().split("\\|");
    int stage = Integer.parseInt(p[0]);
    long since = Long.parseLong(p[1]);
    return d -> d.stage() == stage && StallClock.key(d.lastProgressAt()) == since;
  }

  /** Data {@code <stage>|<epoch ms entered>}: the deal has not left that stage since. */
  private static Predicate<Deal> movedStage(Timer timer) {
    String[] p = timer.data().split("\\|");
    int stage = Integer.parseInt(p[0]);
    long entered = Long.parseLong(p[1]);
    return d -> d.stage() == stage && StallClock.key(d.stageEnteredAt()) == entered;
  }

  /** Data {@code <due>|<text hash>}: the deal's next step is still that one. */
  private static Predicate<Deal> sameNextStep(Timer timer) {
    return d ->
        d.nextStep() != null
            && timer
                .data()
                .equals(
                    d.nextStep().due() + "|" + Integer.toHexString(d.nextStep().text().hashCode()));
  }

  private long daysSince(Instant at) {
    return Duration.between(at, support.talk().clock().instant()).toDays();
  }

  private StageDef stage(Deal deal) {
    return support.model().stage(deal.stage());
  }

  private Mono<Void> nudge(Timer timer, DealSupport.Loaded d, Team team) {
    Deal deal = d.deal();
    String ref = "#" + d.lead().shortId();
    long days = daysSince(deal.lastProgressAt());
    return support
        .audit(
            deal,
            deal.owner(),
            "deal_idle",
            "no progress for " + days + " days in " + stage(deal).name() + "; owner nudged",
            timer.id())
        .then(
            support
                .talk()
                .replies()
                .text(
                    "stall-" + timer.id(),
                    messages.get(
                        "reply.stall.idle",
                        messages.leadName(d.lead().submission()),
                        ref,
                        days,
                        stage(deal).name()),
                    List.of(deal.owner())));
  }

  private Mono<Void> escalate(Timer timer, DealSupport.Loaded d, Team team) {
    Deal deal = d.deal();
    String ref = "#" + d.lead().shortId();
    long days = daysSince(deal.lastProgressAt());
    String rep = support.directory().displayName(deal.owner());
    Card card =
        StallCards.escalation(
            messages,
            deal,
            d.lead(),
            rep,
            stage(deal).name(),
            days,
            stallClock.zone(deal.teamId()));
    return support
        .audit(
            deal,
            team.manager(),
            "deal_stalled",
            "no progress by "
                + rep
                + " for "
                + days
                + " days in "
                + stage(deal).name()
                + " (since "
                + deal.lastProgressAt()
                + "); escalated to "
                + team.managerName(),
            timer.id())
        .then(
            support
                .talk()
                .replies()
                .perPlatform(
                    List.of(team.manager()),
                    (r, s) -> new DeliverCard("stall-" + timer.id() + s, card, r)))
        .then(
            support
                .talk()
                .replies()
                .text(
                    "stall-rep-" + timer.id(),
                    messages.get(
                        "reply.stall.stalledRep",
                        messages.leadName(d.lead().submission()),
                        ref,
                        days,
                        team.managerName()),
                    List.of(deal.owner())));
  }

  private Mono<Void> warnDwell(Timer timer, DealSupport.Loaded d, Team team) {
    Deal deal = d.deal();
    StageDef stage = stage(deal);
    long days = daysSince(deal.stageEnteredAt());
    List<Address> to = new ArrayList<>(List.of(deal.owner()));
    if (!team.manager().equals(deal.owner())) {
      to.add(team.manager());
    }
    return support
        .audit(
            deal,
            deal.owner(),
            "deal_dwell",
            days + " days in " + stage.name() + ", warning at " + stage.dwellWarning(),
            timer.id())
        .then(
            support
                .talk()
                .replies()
                .text(
                    "stall-" + timer.id(),
                    messages.get(
                        "reply.stall.dwell",
                        messages.leadName(d.lead().submission()),
                        "#" + d.lead().shortId(),
                        stage.name(),
                        days,
                        stage.dwellWarning() == null ? days : stage.dwellWarning().toDays(),
                        support.directory().displayName(deal.owner())),
                    to));
  }

  private Mono<Void> remindNextStep(Timer timer, DealSupport.Loaded d, Team team) {
    Deal deal = d.deal();
    var step = deal.nextStep();
    if (step == null) {
      return Mono.empty();
    }
    return support
        .audit(
            deal,
            deal.owner(),
            "next_step_overdue",
            "next step of " + step.due() + " passed: " + step.text(),
            timer.id())
        .then(
            support
                .talk()
                .replies()
                .text(
                    "stall-" + timer.id(),
                    messages.get(
                        "reply.stall.nextStepDue",
                        messages.leadName(d.lead().submission()),
                        "#" + d.lead().shortId(),
                        step.text(),
                        step.due().toString()),
                    List.of(deal.owner())));
  }
}
