package io.salesbot.core.sla;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
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
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Follow-up SLA, recycling at breach, re-claim cooldown, quiet hours, SLA per priority. */
class FollowUpAndRecyclingTest {
  private int presses;

  static TeamPolicy policy(
      Duration firstTouchHot, QuietHours quiet, boolean recycleAtBreach, Strategy strategy) {
    return new TeamPolicy(
        strategy,
        Duration.ofMinutes(5),
        0,
        0,
        WorkingHours.ALWAYS,
        Duration.ofMinutes(15),
        Duration.ofMinutes(5),
        firstTouchHot,
        quiet,
        TeamPolicy.DEFAULT_WARNINGS,
        TeamPolicy.DEFAULT_RECYCLE,
        recycleAtBreach,
        TeamPolicy.DEFAULT_COOLDOWN,
        Map.of());
  }

  private static PipelineFixture fixture(TeamPolicy p) {
    return new PipelineFixture(new TeamPolicies(Map.of(), p), List.of());
  }

  private Lead ingest(PipelineFixture f, String intakeId, Priority priority) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId, "web", "王先生", null, null, "华东", "制造", "CRM", null, null, null, Map.of(),
            priority);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    return f.leads.findByIntakeId(intakeId).block();
  }

  private void press(PipelineFixture f, Address who, String action, String payload) {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "p" + (++presses), who, "c", action, payload, f.clock.instant()))
        .block();
  }

  private static List<String> history(PipelineFixture f, Lead lead) {
    return f.leads.history(lead.id()).map(AuditEntry::action).collectList().block();
  }

  private static List<AuditEntry> entries(PipelineFixture f, Lead lead, String action) {
    return f.leads.history(lead.id()).filter(e -> e.action().equals(action)).collectList().block();
  }

  private static List<String> texts(PipelineFixture f, Address to) {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.recipients().contains(to))
        .map(SendText::text)
        .toList();
  }

  @Test
  void no_activity_warns_on_day_3_and_5_then_recycles_on_day_7_with_a_cooldown() {
    PipelineFixture f = fixture(TeamPolicy.DEFAULT);
    Lead lead = ingest(f, "i1", Priority.NORMAL);
    press(f, ZHANGSAN, "claim", lead.id());
    press(f, ZHANGSAN, "contacted", lead.id() + ":PHONE");

    f.advance(Duration.ofDays(3).minusMinutes(1));
    assertThat(texts(f, ZHANGSAN)).noneMatch(t -> t.startsWith("reply.followUpWarning"));
    f.advance(Duration.ofMinutes(1));
    assertThat(texts(f, ZHANGSAN))
        .filteredOn(t -> t.startsWith("reply.followUpWarningRecycle"))
        .singleElement()
        .asString()
        .contains("span.days(3)", "span.days(4)");
    f.advance(Duration.ofDays(2));
    assertThat(texts(f, ZHANGSAN))
        .filteredOn(t -> t.startsWith("reply.followUpWarning"))
        .hasSize(2);
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(ZHANGSAN);

    f.advance(Duration.ofDays(2));
    Lead back = f.leads.findById(lead.id()).block();
    assertThat(back.status()).isEqualTo(LeadStatus.POOLED);
    assertThat(history(f, lead))
        .containsSubsequence(
            "claimed", "contacted", "followup_warned", "followup_warned", "recycled");
    assertThat(entries(f, lead, "recycled").get(0).reason())
        .startsWith("follow-up SLA: no activity by 张三 (sandbox:zhangsan) for 7 days since");
    assertThat(texts(f, EAST_MANAGER)).anyMatch(t -> t.startsWith("reply.followUpRecycledManager"));
    assertThat(texts(f, ZHANGSAN)).anyMatch(t -> t.startsWith("reply.followUpRecycledRep"));
    DeliverCard recycled =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.commandId().startsWith("recycled-"))
            .findFirst()
            .orElseThrow();
    assertThat(recycled.recipients()).doesNotContain(ZHANGSAN);

    // The previous owner is cooling down: a clear answer, the lead stays in the pool.
    press(f, ZHANGSAN, "claim", lead.id());
    assertThat(f.leads.findById(lead.id()).block().owner()).isNull();
    assertThat(texts(f, ZHANGSAN)).anyMatch(t -> t.startsWith("reply.claimCooldown"));
    assertThat(entries(f, lead, "claim_rejected").get(0).reason()).startsWith("re-claim cooldown");
    f.advance(Duration.ofHours(24));
    press(f, ZHANGSAN, "claim", lead.id());
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(ZHANGSAN);
  }

  @Test
  void a_follow_up_restarts_the_follow_up_sla() {
    PipelineFixture f = fixture(TeamPolicy.DEFAULT);
    Lead lead = ingest(f, "i1", Priority.NORMAL);
    press(f, ZHANGSAN, "claim", lead.id());
    press(f, ZHANGSAN, "contacted", lead.id() + ":PHONE");
    f.advance(Duration.ofDays(2));
    press(f, ZHANGSAN, "contacted", lead.id() + ":VISIT");
    assertThat(texts(f, ZHANGSAN)).contains("reply.followUpRecorded");
    f.advance(Duration.ofDays(2)); // day 4: 2 days since the follow-up
    assertThat(texts(f, ZHANGSAN)).noneMatch(t -> t.startsWith("reply.followUpWarning"));
    f.advance(Duration.ofDays(1)); // 3 days since the follow-up
    assertThat(texts(f, ZHANGSAN))
        .filteredOn(t -> t.startsWith("reply.followUpWarning"))
        .hasSize(1);
    f.advance(Duration.ofDays(3)); // day 8, 6 days since: still owned
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(ZHANGSAN);
    assertThat(history(f, lead)).contains("followed_up").doesNotContain("recycled");
  }

  @Test
  void recycling_at_breach_sends_the_lead_back_to_the_pool() {
    PipelineFixture f =
        fixture(policy(Duration.ofMinutes(15), QuietHours.NONE, true, Strategy.GRAB));
    Lead lead = ingest(f, "i1", Priority.NORMAL);
    press(f, ZHANGSAN, "claim", lead.id());
    f.advance(Duration.ofMinutes(16));
    assertThat(f.leads.findById(lead.id()).block().owner()).isNull();
    assertThat(entries(f, lead, "recycled").get(0).reason())
        .contains("first-touch SLA of 15 min breached by 张三", "recycles at breach");
    assertThat(texts(f, EAST_MANAGER)).anyMatch(t -> t.startsWith("reply.breachRecycledManager"));
    assertThat(f.outbox.commands(DeliverCard.class))
        .noneMatch(c -> c.card().type() == CardType.SLA_ESCALATION);
    press(f, LISI, "claim", lead.id());
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(LISI);
  }

  @Test
  void reminders_wait_for_the_end_of_quiet_hours() {
    PipelineFixture f =
        fixture(policy(Duration.ofMinutes(15), QuietHours.NIGHT, false, Strategy.GRAB));
    // 02:00Z = 10:00 Shanghai; move to 21:50 Shanghai: the reminder (at +10 min) falls at 22:00.
    f.advance(Duration.ofHours(11).plusMinutes(50));
    Lead lead = ingest(f, "i1", Priority.NORMAL);
    press(f, ZHANGSAN, "claim", lead.id());
    f.advance(Duration.ofMinutes(11));
    assertThat(texts(f, ZHANGSAN)).noneMatch(t -> t.startsWith("reply.slaReminder"));
    assertThat(entries(f, lead, "deferred").get(0).reason())
        .contains("first-touch reminder deferred to 2026-11-27T00:00:00Z");
    f.advance(Duration.ofHours(10)); // past 08:00 Shanghai
    assertThat(history(f, lead)).contains("sla_breached");
  }

  @Test
  void hot_leads_get_their_own_first_touch_sla_and_paused_clocks_skip_the_night() {
    PipelineFixture f =
        fixture(policy(Duration.ofMinutes(10), QuietHours.NONE, false, Strategy.GRAB));
    Lead hot = ingest(f, "i1", Priority.HOT);
    press(f, ZHANGSAN, "claim", hot.id());
    Instant claimed = f.leads.findById(hot.id()).block().claimedAt();
    assertThat(f.clocks.find(hot.id()).block().dueAt()).isEqualTo(claimed.plusSeconds(600));
    Lead normal = ingest(f, "i2", Priority.NORMAL);
    press(f, LISI, "claim", normal.id());
    assertThat(f.clocks.find(normal.id()).block().dueAt()).isEqualTo(claimed.plusSeconds(900));

    QuietHours paused =
        new QuietHours(
            WorkingHours.DEFAULT_ZONE, QuietHours.NIGHT.start(), QuietHours.NIGHT.end(), true);
    PipelineFixture g = fixture(policy(Duration.ofMinutes(15), paused, false, Strategy.GRAB));
    g.advance(Duration.ofHours(11).plusMinutes(50)); // 21:50 Shanghai
    Lead night = ingest(g, "i3", Priority.NORMAL);
    press(g, ZHANGSAN, "claim", night.id());
    // 10 minutes before 22:00, the other 5 after 08:00.
    assertThat(g.clocks.find(night.id()).block().dueAt())
        .isEqualTo(Instant.parse("2026-11-27T00:05:00Z"));
  }

  @Test
  void a_decline_reason_is_audited() {
    PipelineFixture f =
        fixture(policy(Duration.ofMinutes(15), QuietHours.NONE, false, Strategy.ROUND_ROBIN));
    Lead lead = ingest(f, "i1", Priority.NORMAL);
    DeliverCard offer =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.card().type() == CardType.LEAD_PUSH_OFFER)
            .findFirst()
            .orElseThrow();
    assertThat(offer.card().buttons())
        .extracting(b -> b.payload())
        .containsExactly(
            lead.id() + ":1",
            lead.id() + ":1:BUSY",
            lead.id() + ":1:NOT_MY_FIELD",
            lead.id() + ":1:OTHER");
    press(f, ZHANGSAN, "decline", lead.id() + ":1:NOT_MY_FIELD");
    assertThat(entries(f, lead, "offer_declined").get(0).reason())
        .isEqualTo("offer #1 declined by 张三 (reason: not my field)");
  }

  @Test
  void a_rep_on_leave_gets_no_lead_that_day() {
    TeamPolicy base = policy(Duration.ofMinutes(15), QuietHours.NONE, false, Strategy.GRAB);
    TeamPolicy withLeave =
        new TeamPolicy(
            base.strategy(),
            base.offerTimeout(),
            0,
            0,
            base.hours(),
            base.firstTouch(),
            base.reminderBefore(),
            base.firstTouchHot(),
            base.quiet(),
            base.followUpWarnings(),
            base.followUpRecycle(),
            false,
            base.reclaimCooldown(),
            Map.of(ZHANGSAN, java.util.Set.of(java.time.LocalDate.of(2026, 11, 26))));
    PipelineFixture f = fixture(withLeave);
    Lead lead = ingest(f, "i1", Priority.NORMAL);
    DeliverCard offer = f.outbox.commands(DeliverCard.class).get(0);
    assertThat(offer.recipients()).doesNotContain(ZHANGSAN).contains(LISI);
    assertThat(f.leads.history(lead.id()).map(AuditEntry::reason).collectList().block())
        .anyMatch(r -> r.contains("skipped 张三: on leave"));
    f.clock.advance(Duration.ofDays(1));
    assertThat(withLeave.onLeave(ZHANGSAN, f.clock.instant())).isFalse();
  }
}
