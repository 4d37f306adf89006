package io.salesbot.core.stage;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.QuietHours;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stall detection over the core assembly with the fixture's clock: idle nudges, stall escalation
 * and its buttons, dwell warnings, overdue next steps, the daily digest, and timers that went stale
 * because the deal made progress.
 */
class StallDetectionTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private PipelineFixture f;
  private int n;
  private Lead lead;

  /** Follow-up SLA off (no warnings, no recycling), so only the stall timers speak. */
  private static TeamPolicies policies(QuietHours quiet) {
    TeamPolicy p =
        new TeamPolicy(
            Strategy.GRAB,
            Duration.ofMinutes(5),
            0,
            0,
            WorkingHours.ALWAYS,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            quiet,
            List.of(),
            Duration.ZERO,
            false,
            TeamPolicy.DEFAULT_COOLDOWN,
            Map.of());
    return new TeamPolicies(Map.of(), p);
  }

  private void start(QuietHours quiet, StageSettings stages) {
    f = new PipelineFixture(policies(quiet), List.of(), stages);
    LeadSubmission s =
        new LeadSubmission(
            "s1",
            "web",
            "客户乙",
            null,
            null,
            "华东",
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    lead = f.leads.findByIntakeId("s1").block();
    click(LISI, "claim", lead.id());
    click(LISI, "contacted", lead.id() + ":PHONE");
    f.outbox.clear();
  }

  private void start() {
    start(QuietHours.NONE, StageSettings.defaults());
  }

  private void click(Address who, String action, String payload) {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, "card", action, payload, f.clock.instant()))
        .block();
  }

  private void say(Address who, String text) {
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()))
        .block();
  }

  private List<String> texts(Address to, String keyPrefix) {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.recipients().contains(to) && t.text().startsWith(keyPrefix))
        .map(SendText::text)
        .toList();
  }

  private List<DeliverCard> stallCards() {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.card().cardId().startsWith("stall-"))
        .toList();
  }

  private String ref() {
    return "#" + lead.shortId();
  }

  private List<String> audit() {
    return f.leads.history(lead.id()).map(AuditEntry::action).collectList().block();
  }

  /** Proves ② by a dated note: progress. */
  private void proveAppointment() {
    say(LISI, "12月10日 上门沟通需求");
    CardButton b =
        f.outbox.commands(DeliverCard.class).stream()
            .map(DeliverCard::card)
            .filter(c -> c.type() == CardType.CHOICE)
            .flatMap(c -> c.buttons().stream())
            .filter(x -> x.payload().endsWith(":appointment"))
            .reduce((a, c) -> c)
            .orElseThrow();
    click(LISI, b.action(), b.payload());
  }

  @Test
  void an_idle_deal_nudges_its_owner_after_fourteen_days_without_progress() {
    start();
    f.advance(Duration.ofDays(14).minusMinutes(1));
    assertThat(texts(LISI, "reply.stall.idle")).isEmpty();

    f.advance(Duration.ofMinutes(1));
    assertThat(texts(LISI, "reply.stall.idle"))
        .containsExactly("reply.stall.idle(客户乙," + ref() + ",14,初步接触)");
    assertThat(audit()).contains("deal_idle");
  }

  @Test
  void progress_rearms_the_timers_and_the_stale_ones_do_nothing_when_they_fire() {
    start();
    f.advance(Duration.ofDays(10));
    proveAppointment(); // progress on day 10
    f.outbox.clear();

    f.advance(Duration.ofDays(5)); // day 15: the timer armed on day 0 fires, finds progress
    assertThat(texts(LISI, "reply.stall.idle")).isEmpty();
    assertThat(audit()).doesNotContain("deal_idle");

    f.advance(Duration.ofDays(9)); // day 24: fourteen days after the progress
    assertThat(texts(LISI, "reply.stall.idle")).hasSize(1);

    // day 60 counted from day 0 is no stall: the stall clock restarted on day 10
    f.advance(Duration.ofDays(36));
    assertThat(stallCards()).isEmpty();
    f.advance(Duration.ofDays(10));
    assertThat(stallCards()).hasSize(1);
  }

  @Test
  void a_stall_escalates_to_the_manager_whose_buttons_work_and_only_for_the_manager() {
    start();
    f.advance(Duration.ofDays(60));

    List<DeliverCard> cards = stallCards();
    assertThat(cards)
        .singleElement()
        .satisfies(c -> assertThat(c.recipients()).containsExactly(EAST_MANAGER));
    Card card = cards.get(0).card();
    assertThat(card.title()).isEqualTo("card.stall.title(客户乙)");
    assertThat(card.elements().toString()).contains("card.stall.text(李四," + ref() + ",初步接触,60)");
    assertThat(card.buttons())
        .extracting(CardButton::action)
        .containsExactly(StallCards.PLAN, StallCards.LOSE, StallCards.REASSIGN);
    assertThat(texts(LISI, "reply.stall.stalledRep")).hasSize(1);
    assertThat(audit()).contains("deal_stalled");

    f.outbox.clear();
    click(LISI, StallCards.PLAN, lead.id());
    assertThat(texts(LISI, "reply.managerOnly")).hasSize(1);
    assertThat(audit()).doesNotContain("stall_acted");

    click(EAST_MANAGER, StallCards.PLAN, lead.id());
    assertThat(texts(LISI, "reply.stall.planAsked")).hasSize(1);
    assertThat(texts(EAST_MANAGER, "reply.stall.planAskedManager")).hasSize(1);

    click(EAST_MANAGER, StallCards.REASSIGN, lead.id());
    assertThat(texts(EAST_MANAGER, "reply.reassignHint(" + ref())).hasSize(1);

    click(EAST_MANAGER, StallCards.LOSE, lead.id());
    Card reasons =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(
                c -> c.recipients().contains(EAST_MANAGER) && c.card().type() == CardType.CHOICE)
            .map(DeliverCard::card)
            .reduce((a, b) -> b)
            .orElseThrow();
    CardButton noBudget = reasons.buttons().get(2);
    click(EAST_MANAGER, noBudget.action(), noBudget.payload());
    assertThat(f.deals.find(lead.id()).block().outcome()).isEqualTo(DealOutcome.LOST);
    assertThat(audit().stream().filter("stall_acted"::equals)).hasSize(3);

    // closed: the buttons answer so and record nothing more
    click(EAST_MANAGER, StallCards.PLAN, lead.id());
    assertThat(texts(EAST_MANAGER, "reply.deal.closed")).hasSize(1);
    assertThat(audit().stream().filter("stall_acted"::equals)).hasSize(3);
  }

  @Test
  void a_closed_deal_is_neither_nudged_nor_escalated() {
    start();
    click(LISI, DealCards.LOSE, lead.id());
    click(LISI, DealCards.LOST, lead.id() + ":0");
    f.advance(Duration.ofDays(61));
    assertThat(texts(LISI, "reply.stall")).isEmpty();
    assertThat(stallCards()).isEmpty();
  }

  @Test
  void forty_five_days_in_the_proposal_stage_warns_owner_and_manager() {
    start();
    proveAppointment();
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    say(LISI, "/skip " + ref() + " 客户直接要方案");
    String request =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.card().type() == CardType.SKIP_APPROVAL)
            .map(c -> c.card().buttons().get(0).payload())
            .findFirst()
            .orElseThrow();
    click(EAST_MANAGER, DealCards.APPROVE_SKIP, request);
    assertThat(f.deals.find(lead.id()).block().stage()).isEqualTo(2);

    f.advance(Duration.ofDays(45).minusMinutes(1));
    assertThat(texts(LISI, "reply.stall.dwell")).isEmpty();
    f.advance(Duration.ofMinutes(1));
    List<SendText> dwell =
        f.outbox.commands(SendText.class).stream()
            .filter(t -> t.text().startsWith("reply.stall.dwell"))
            .toList();
    assertThat(dwell)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.text()).isEqualTo("reply.stall.dwell(客户乙," + ref() + ",方案呈现,45,45,李四)");
              assertThat(t.recipients()).containsExactlyInAnyOrder(LISI, EAST_MANAGER);
            });
  }

  @Test
  void a_next_step_whose_day_passed_nudges_the_owner_unless_it_was_replaced() {
    start();
    say(LISI, "/next " + ref() + " 明天 打电话确认预算"); // due 11-27 (Shanghai)
    say(LISI, "/next " + ref() + " 后天 上门演示"); // replaced: due 11-28
    f.outbox.clear();

    // 2026-11-28 00:00 Shanghai: the first step's day passed, but it is no longer the next step
    f.advance(
        Duration.between(
            f.clock.instant(),
            java.time.LocalDate.of(2026, 11, 28).atStartOfDay(SHANGHAI).toInstant()));
    assertThat(texts(LISI, "reply.stall.nextStepDue")).isEmpty();

    f.advance(Duration.ofDays(1));
    assertThat(texts(LISI, "reply.stall.nextStepDue"))
        .containsExactly("reply.stall.nextStepDue(客户乙," + ref() + ",上门演示,2026-11-28)");
  }

  @Test
  void the_daily_digest_lists_skips_owed_evidence_past_due_and_new_stalls() {
    start();
    proveAppointment();
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    say(LISI, "/skip " + ref() + " 客户直接要方案");
    String request =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.card().type() == CardType.SKIP_APPROVAL)
            .map(c -> c.card().buttons().get(0).payload())
            .findFirst()
            .orElseThrow();
    click(EAST_MANAGER, DealCards.APPROVE_SKIP, request);
    f.outbox.clear();

    // the next 09:00 in Shanghai: 2026-11-27
    f.advance(Duration.ofHours(23));
    List<String> first = texts(EAST_MANAGER, "reply.digest.title");
    assertThat(first)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t).startsWith("reply.digest.title(华东销售一组,2026-11-27)");
              assertThat(t).contains("reply.digest.skips(1," + ref() + " 方案呈现)");
              assertThat(t).doesNotContain("reply.digest.owed", "reply.digest.stalls");
            });

    // one digest a day: fourteen days on, the owed checkpoints are past due
    f.outbox.clear();
    for (int day = 0; day < 14; day++) {
      f.advance(Duration.ofDays(1));
    }
    List<String> owed = texts(EAST_MANAGER, "reply.digest.title");
    assertThat(owed).hasSize(14);
    assertThat(owed.get(13)).contains("reply.digest.owed(3,").contains("③ 需求调研纪要");
    assertThat(owed.get(0)).contains("reply.digest.none");
  }

  @Test
  void the_digest_waits_out_quiet_hours() {
    QuietHours night = new QuietHours(SHANGHAI, LocalTime.of(22, 0), LocalTime.of(8, 0), false);
    StageSettings early =
        new StageSettings(
            StageModel.defaults(),
            StageSettings.DEFAULT_LOST_REASONS,
            StageSettings.DEFAULT_INVALID_REASONS,
            StageSettings.DEFAULT_OWED_FOR,
            LocalTime.of(7, 0));
    start(night, early);

    f.advance(Duration.ofHours(21).plusMinutes(30)); // 2026-11-27 07:30 Shanghai
    assertThat(texts(EAST_MANAGER, "reply.digest.title")).isEmpty();
    f.advance(Duration.ofMinutes(30)); // 08:00, quiet hours over
    assertThat(texts(EAST_MANAGER, "reply.digest.title")).hasSize(1);
  }

  @Test
  void two_pollers_fire_a_stall_once_and_a_timer_fired_again_after_a_crash_is_delivered_once() {
    start();
    f.clock.advance(Duration.ofDays(60));
    // two instances polling the same timers at the same moment
    io.salesbot.core.timer.FireTimers a =
        new io.salesbot.core.timer.FireTimers(f.timers, f.salesbot.timerKinds(), f.clock);
    io.salesbot.core.timer.FireTimers b =
        new io.salesbot.core.timer.FireTimers(f.timers, f.salesbot.timerKinds(), f.clock);
    reactor.core.publisher.Flux.merge(a.fireDue(100), b.fireDue(100)).blockLast();
    assertThat(stallCards()).hasSize(1);

    // the instance died after sending, before deleting the timer: it fires again
    io.salesbot.core.timer.domain.Timer stalled =
        new io.salesbot.core.timer.domain.Timer(
            "deal-stalled-again",
            StallClock.STALLED,
            lead.id(),
            f.clock.instant(),
            "0|" + StallClock.key(f.deals.find(lead.id()).block().lastProgressAt()));
    io.salesbot.core.timer.TimerHandler handler =
        f.salesbot.timerKinds().handler(StallClock.STALLED).orElseThrow();
    handler.fire(stalled).block();
    handler.fire(stalled).block();
    List<DeliverCard> again =
        stallCards().stream().filter(c -> c.commandId().contains("deal-stalled-again")).toList();
    assertThat(again).hasSize(2);
    assertThat(again.get(0).commandId()).isEqualTo(again.get(1).commandId());
    again.forEach(c -> f.deliver.handle(c).block());
    assertThat(f.sandbox.sent())
        .filteredOn(x -> x.commandId().contains("deal-stalled-again"))
        .hasSize(1);
  }

  @Test
  void every_team_is_armed_at_start_up_but_a_team_without_open_deals_gets_no_digest() {
    start();
    f.salesbot.stallDigest().armAll().block();
    assertThat(f.timers.pending())
        .filteredOn(t -> t.kind().equals(StallClock.DIGEST))
        .extracting(io.salesbot.core.timer.domain.Timer::id)
        .containsExactlyInAnyOrder("stage-digest-east-2026-11-27", "stage-digest-south-2026-11-27");

    f.advance(Duration.ofHours(23));
    assertThat(texts(EAST_MANAGER, "reply.digest.title")).hasSize(1);
    assertThat(texts(io.salesbot.core.testing.TestTeams.SOUTH_MANAGER, "reply.digest")).isEmpty();
    // and both are armed for the next day
    assertThat(f.timers.pending())
        .filteredOn(t -> t.kind().equals(StallClock.DIGEST))
        .extracting(io.salesbot.core.timer.domain.Timer::id)
        .containsExactlyInAnyOrder("stage-digest-east-2026-11-28", "stage-digest-south-2026-11-28");
  }
}
