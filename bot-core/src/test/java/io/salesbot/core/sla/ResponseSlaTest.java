package io.salesbot.core.sla;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.domain.QuietHours;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.timer.domain.Timer;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The response SLA from a lead's arrival (reminder to the team, escalation to the manager with
 * working 指派给… and 延长 buttons, working and quiet hours) and re-offers of parked leads.
 */
class ResponseSlaTest {
  private PipelineFixture f = new PipelineFixture();
  private int events;

  private Lead ingest(String intakeId) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            "王先生",
            null,
            null,
            "华东",
            "制造",
            "CRM",
            null,
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    return f.leads.findByIntakeId(intakeId).block();
  }

  private void press(Address who, String cardId, String action, String payload) {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "e" + (++events), who, cardId, action, payload, f.clock.instant()))
        .block();
  }

  private void say(Address who, String text) {
    f.dispatcher
        .handle(new InboundEvent.TextMessage("e" + (++events), who, text, f.clock.instant(), null))
        .block();
  }

  private List<String> history(Lead lead) {
    return f.leads.history(lead.id()).map(AuditEntry::action).collectList().block();
  }

  private List<AuditEntry> entries(Lead lead, String action) {
    return f.leads.history(lead.id()).filter(e -> e.action().equals(action)).collectList().block();
  }

  private List<DeliverCard> cards(String idPrefix) {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.commandId().startsWith(idPrefix))
        .toList();
  }

  private static TeamPolicies east(TeamPolicy p) {
    return new TeamPolicies(Map.of("east", p), TeamPolicy.DEFAULT);
  }

  private Lead hotLead(String intakeId, String phone, String company) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            "钱女士",
            phone,
            company,
            "华东",
            "制造",
            "CRM",
            null,
            null,
            null,
            Map.of(),
            Priority.HOT);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    return f.leads.findByIntakeId(intakeId).block();
  }

  @Test
  void a_repeat_intake_merged_into_a_pooled_lead_keeps_its_response_timers_running() {
    // A hot lead (response SLA 15 min, reminder 5 min before); the same customer comes back a
    // minute later with the company filled in: merged, already hot, so nothing is raised — but the
    // merge moved the lead's version, which its timers check.
    Lead first = hotLead("h1", "13700001111", null);
    f.advance(Duration.ofMinutes(1));
    hotLead("h2", "13700001111", "星河制造");
    Lead merged = f.leads.findById(first.id()).block();
    assertThat(merged.version()).isGreaterThan(first.version());
    assertThat(merged.submission().company()).isEqualTo("星河制造");

    f.advance(Duration.ofMinutes(9)); // the reminder, armed again for the merged version
    assertThat(history(merged)).contains("response_reminded");
    f.advance(Duration.ofMinutes(5)); // the breach: the manager is asked to assign it
    assertThat(history(merged)).contains("response_breached");
    assertThat(entries(merged, "response_reminded")).hasSize(1);
    assertThat(entries(merged, "response_breached")).hasSize(1);
  }

  @Test
  void an_unclaimed_lead_is_announced_again_then_escalated_and_assigned_from_the_card() {
    // 李四 already has a lead: least loaded first puts him last.
    Lead other = ingest("busy");
    press(LISI, "lead-" + other.id(), "claim", other.id());
    Lead lead = ingest("i1");

    f.advance(Duration.ofMinutes(9));
    assertThat(cards("response-remind-" + lead.id())).isEmpty();
    f.advance(Duration.ofMinutes(1));
    List<DeliverCard> reminders = cards("response-remind-" + lead.id());
    assertThat(reminders).hasSize(1);
    assertThat(reminders.get(0).recipients()).containsExactlyInAnyOrder(ZHANGSAN, LISI, WANGWU);
    assertThat(reminders.get(0).card().buttons())
        .extracting(CardButton::action, CardButton::payload)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("claim", lead.id()));
    assertThat(history(lead)).contains("response_reminded");

    f.advance(Duration.ofMinutes(5));
    List<DeliverCard> escalations = cards("response-escalation-" + lead.id());
    assertThat(escalations).hasSize(1);
    DeliverCard card = escalations.get(0);
    assertThat(card.recipients()).containsExactly(EAST_MANAGER);
    assertThat(card.card().type()).isEqualTo(CardType.SLA_ESCALATION);
    assertThat(card.card().buttons())
        .extracting(CardButton::action)
        .containsExactly(
            "response-assign", "response-assign", "response-assign", "response-extend");
    List<String> payloads = card.card().buttons().stream().map(CardButton::payload).toList();
    assertThat(payloads.get(2)).isEqualTo(lead.id() + ":" + LISI);
    assertThat(entries(lead, "response_breached").get(0).reason())
        .contains("escalated to 赵六", "李四 (1 open)");

    // Only the manager may press it.
    press(ZHANGSAN, card.card().cardId(), "response-assign", payloads.get(0));
    assertThat(f.leads.findById(lead.id()).block().owner()).isNull();

    press(EAST_MANAGER, card.card().cardId(), "response-assign", lead.id() + ":" + WANGWU);
    Lead assigned = f.leads.findById(lead.id()).block();
    assertThat(assigned.owner()).isEqualTo(WANGWU);
    assertThat(f.clocks.find(lead.id()).block().owner())
        .as("the first-touch clock runs from the assignment")
        .isEqualTo(WANGWU);
    assertThat(history(lead)).containsSubsequence("response_breached", "assigned");
    assertThat(f.outbox.commands(SendText.class))
        .anyMatch(
            t ->
                t.recipients().contains(EAST_MANAGER)
                    && t.text().startsWith("reply.responseAssigned"));

    // A second press after the assignment moves nothing and says who has it.
    press(EAST_MANAGER, card.card().cardId(), "response-assign", lead.id() + ":" + ZHANGSAN);
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(WANGWU);
  }

  @Test
  void a_claim_silences_the_arrival_timers() {
    Lead lead = ingest("i1");
    f.advance(Duration.ofMinutes(3));
    press(ZHANGSAN, "lead-" + lead.id(), "claim", lead.id());
    f.advance(Duration.ofMinutes(20));
    assertThat(history(lead)).doesNotContain("response_reminded", "response_breached");
    assertThat(cards("response-")).isEmpty();
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().startsWith("response-"));
  }

  @Test
  void extend_gives_the_team_more_time_once_per_card() {
    Lead lead = ingest("i1");
    f.advance(Duration.ofMinutes(15));
    DeliverCard card = cards("response-escalation-" + lead.id()).get(0);
    String extend =
        card.card().buttons().stream()
            .filter(b -> b.action().equals("response-extend"))
            .findFirst()
            .orElseThrow()
            .payload();
    press(EAST_MANAGER, card.card().cardId(), "response-extend", extend);
    press(EAST_MANAGER, card.card().cardId(), "response-extend", extend);
    assertThat(entries(lead, "response_extended")).hasSize(1);
    assertThat(f.outbox.commands(SendText.class))
        .anyMatch(t -> t.text().equals("reply.responseExtendedBefore"));

    f.advance(Duration.ofMinutes(14));
    assertThat(cards("response-escalation-" + lead.id())).hasSize(1);
    f.advance(Duration.ofMinutes(1));
    assertThat(cards("response-escalation-" + lead.id())).hasSize(2);
  }

  @Test
  void a_lead_arriving_after_hours_is_due_at_the_opening_plus_the_sla_and_reoffered_then() {
    WorkingHours nineToSix =
        new WorkingHours(
            WorkingHours.DEFAULT_ZONE,
            EnumSet.allOf(DayOfWeek.class),
            LocalTime.of(9, 0),
            LocalTime.of(18, 0),
            Set.of());
    TeamPolicy p =
        new TeamPolicy(
            TeamPolicy.DEFAULT.strategy(),
            Duration.ofMinutes(5),
            0,
            0,
            nineToSix,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5));
    f = new PipelineFixture(east(p), List.of());
    f.clock.advance(
        Duration.between(
            f.clock.instant(), Instant.parse("2026-11-26T15:00:00Z"))); // 23:00 in Shanghai
    Lead lead = ingest("night");
    assertThat(history(lead)).contains("offer_skipped");
    assertThat(f.timers.pending())
        .filteredOn(t -> t.kind().equals("response-breach"))
        .extracting(Timer::dueAt)
        .containsExactly(Instant.parse("2026-11-27T01:15:00Z")); // 09:00 + 15 min

    f.advance(Duration.between(f.clock.instant(), Instant.parse("2026-11-27T01:00:00Z")));
    List<AuditEntry> reoffered = entries(lead, "reoffered");
    assertThat(reoffered).hasSize(1);
    assertThat(reoffered.get(0).reason()).startsWith("working hours started");
    assertThat(cards("reoffer-" + lead.id()).get(0).recipients())
        .containsExactlyInAnyOrder(ZHANGSAN, LISI, WANGWU);
    assertThat(cards("response-escalation-")).isEmpty();
  }

  @Test
  void quiet_hours_defer_the_reminder_and_paused_clocks_move_the_due_time() {
    TeamPolicy quiet = TeamPolicy.DEFAULT.withResponse(TeamPolicy.DEFAULT.response());
    TeamPolicy night =
        new TeamPolicy(
            quiet.strategy(),
            quiet.offerTimeout(),
            0,
            0,
            quiet.hours(),
            quiet.firstTouch(),
            quiet.reminderBefore(),
            quiet.firstTouchHot(),
            QuietHours.NIGHT,
            quiet.followUpWarnings(),
            quiet.followUpRecycle(),
            false,
            quiet.reclaimCooldown(),
            Map.of());
    f = new PipelineFixture(east(night), List.of());
    f.clock.advance(
        Duration.between(
            f.clock.instant(),
            Instant.parse("2026-11-26T13:50:00Z"))); // 21:50: reminder at 22:00 is quiet
    Lead lead = ingest("late");
    f.advance(Duration.ofMinutes(10));
    assertThat(cards("response-remind-")).isEmpty();
    assertThat(entries(lead, "deferred").get(0).reason()).contains("response-SLA reminder");

    TeamPolicy paused =
        new TeamPolicy(
            quiet.strategy(),
            quiet.offerTimeout(),
            0,
            0,
            quiet.hours(),
            quiet.firstTouch(),
            quiet.reminderBefore(),
            quiet.firstTouchHot(),
            new QuietHours(
                WorkingHours.DEFAULT_ZONE, LocalTime.of(22, 0), LocalTime.of(8, 0), true),
            quiet.followUpWarnings(),
            quiet.followUpRecycle(),
            false,
            quiet.reclaimCooldown(),
            Map.of());
    f = new PipelineFixture(east(paused), List.of());
    f.clock.advance(
        Duration.between(
            f.clock.instant(),
            Instant.parse("2026-11-26T13:55:00Z"))); // 21:55: 5 min before the pause
    ingest("paused");
    assertThat(f.timers.pending())
        .filteredOn(t -> t.kind().equals("response-breach"))
        .extracting(Timer::dueAt)
        .containsExactly(Instant.parse("2026-11-27T00:10:00Z")); // 08:00 + the 10 min left
  }

  @Test
  void a_rep_going_on_duty_reoffers_a_parked_lead_exactly_once() {
    for (Address rep : List.of(ZHANGSAN, LISI, WANGWU)) {
      f.routing.setDuty(rep, false, f.clock.instant()).block();
    }
    Lead lead = ingest("i1");
    assertThat(history(lead)).endsWith("offer_skipped");

    say(LISI, "/duty on");
    say(WANGWU, "/duty on");
    say(LISI, "/duty on"); // again: nothing new
    f.advance(Duration.ZERO);
    List<AuditEntry> reoffered = entries(lead, "reoffered");
    assertThat(reoffered).hasSize(1);
    assertThat(reoffered.get(0).reason()).startsWith("李四 went on duty");
    assertThat(cards("reoffer-" + lead.id())).hasSize(1);
    assertThat(cards("reoffer-" + lead.id()).get(0).recipients())
        .containsExactlyInAnyOrder(LISI, WANGWU);
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals("reoffer"));

    // Once offered again it is no longer parked: another rep coming back changes nothing.
    say(ZHANGSAN, "/duty on");
    f.advance(Duration.ZERO);
    assertThat(entries(lead, "reoffered")).hasSize(1);
  }

  @Test
  void a_freed_cap_reoffers_a_parked_lead() {
    TeamPolicy oneEach =
        new TeamPolicy(
            TeamPolicy.DEFAULT.strategy(),
            Duration.ofMinutes(5),
            1,
            0,
            WorkingHours.ALWAYS,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5));
    f = new PipelineFixture(east(oneEach), List.of());
    f.routing.setDuty(LISI, false, f.clock.instant()).block();
    f.routing.setDuty(WANGWU, false, f.clock.instant()).block();
    Lead first = ingest("first");
    press(ZHANGSAN, "lead-" + first.id(), "claim", first.id());
    Lead parked = ingest("second");
    assertThat(entries(parked, "offer_skipped").get(0).reason()).contains("张三");

    // The manager moves the first lead to 王五: 张三's cap frees up.
    say(EAST_MANAGER, "/reassign #" + first.shortId() + " 王五");
    assertThat(f.leads.findById(first.id()).block().owner()).isEqualTo(WANGWU);
    f.advance(Duration.ZERO);
    List<AuditEntry> reoffered = entries(parked, "reoffered");
    assertThat(reoffered).hasSize(1);
    assertThat(reoffered.get(0).reason()).startsWith("a cap of 张三 freed up");
    assertThat(cards("reoffer-" + parked.id()).get(0).recipients()).containsExactly(ZHANGSAN);
    assertThat(f.leads.findById(parked.id()).block().status()).isEqualTo(LeadStatus.POOLED);
  }

  @Test
  void a_closed_deal_frees_the_cap_and_reoffers_a_parked_lead() {
    TeamPolicy oneEach =
        new TeamPolicy(
            TeamPolicy.DEFAULT.strategy(),
            Duration.ofMinutes(5),
            1,
            0,
            WorkingHours.ALWAYS,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5));
    f = new PipelineFixture(east(oneEach), List.of());
    f.routing.setDuty(LISI, false, f.clock.instant()).block();
    f.routing.setDuty(WANGWU, false, f.clock.instant()).block();
    Lead first = ingest("first");
    press(ZHANGSAN, "lead-" + first.id(), "claim", first.id());
    Lead parked = ingest("second");
    assertThat(entries(parked, "offer_skipped")).hasSize(1);
    f.advance(Duration.ZERO);
    assertThat(entries(parked, "reoffered")).isEmpty();

    // 张三 finds the first lead invalid: the deal ends, the lead closes, his cap frees up.
    say(ZHANGSAN, "/invalid #" + first.shortId() + " 2");
    assertThat(f.leads.findById(first.id()).block().status()).isEqualTo(LeadStatus.INVALID);
    f.advance(Duration.ZERO);
    List<AuditEntry> reoffered = entries(parked, "reoffered");
    assertThat(reoffered).hasSize(1);
    assertThat(reoffered.get(0).reason()).startsWith("a cap of 张三 freed up");
    assertThat(cards("reoffer-" + parked.id()).get(0).recipients()).containsExactly(ZHANGSAN);
  }
}
