package io.salesbot.core.routing;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.routing.domain.QuietHours;
import io.salesbot.core.routing.domain.ResponseSla;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Intent from behaviour (多次访问): a repeat intake of the same phone within the repeat window makes
 * the open lead hot, tells its owner or shows the team the hot card, moves the SLAs to the hot
 * ones, and says why in the lead's history.
 */
class RepeatVisitTest {
  private static final String PHONE = "13800138000";

  /** First touch 30 min (hot 10), response SLA 30 min (hot 10), no reminders. */
  private static final TeamPolicy POLICY =
      new TeamPolicy(
          Strategy.GRAB,
          Duration.ofMinutes(5),
          0,
          0,
          WorkingHours.ALWAYS,
          Duration.ofMinutes(30),
          Duration.ZERO,
          Duration.ofMinutes(10),
          QuietHours.NONE,
          TeamPolicy.DEFAULT_WARNINGS,
          TeamPolicy.DEFAULT_RECYCLE,
          false,
          TeamPolicy.DEFAULT_COOLDOWN,
          Map.of(),
          new ResponseSla(Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ZERO));

  private final PipelineFixture f =
      new PipelineFixture(new TeamPolicies(Map.of(), POLICY), List.of());
  private int events;

  private static LeadSubmission visit(String intakeId, String source, String region) {
    return new LeadSubmission(
        intakeId,
        source,
        "王先生",
        PHONE,
        null,
        region,
        null,
        "CRM",
        null,
        null,
        null,
        Map.of(),
        Priority.NORMAL);
  }

  private Lead ingest(LeadSubmission s) {
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    return f.leads.findByIntakeId(s.intakeId()).block();
  }

  private void claim(Address rep, Lead lead) {
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "e" + (++events), rep, "lead-" + lead.id(), "claim", lead.id(), f.clock.instant()))
        .block();
  }

  private List<AuditEntry> entries(Lead lead, String action) {
    return f.leads.history(lead.id()).filter(e -> e.action().equals(action)).collectList().block();
  }

  private Lead current(Lead lead) {
    return f.leads.findById(lead.id()).block();
  }

  @Test
  void
      a_repeat_visit_makes_a_claimed_lead_hot_tells_the_owner_and_brings_the_first_touch_forward() {
    Lead lead = ingest(visit("i1", "web", "华南"));
    claim(CHENQI, lead);
    assertThat(f.clocks.find(lead.id()).block().dueAt())
        .isEqualTo(f.clock.instant().plus(Duration.ofMinutes(30)));
    Instant claimedAt = f.clock.instant();
    f.outbox.clear();

    f.clock.advance(Duration.ofMinutes(3));
    Lead again = ingest(visit("i2", "expo", "华东"));

    assertThat(again.id()).isEqualTo(lead.id());
    assertThat(f.leads.all()).hasSize(1);
    assertThat(current(lead).submission().priority()).isEqualTo(Priority.HOT);
    assertThat(entries(lead, "made_hot"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.reason())
                    .contains("repeat visit", "intake i2", "source expo", "3m after")
                    .contains("repeat window 7d"));
    SendText told = f.outbox.commands(SendText.class).get(0);
    assertThat(told.recipients()).containsExactly(CHENQI);
    assertThat(told.text()).isEqualTo("reply.repeatVisit(王先生,#" + lead.shortId() + ",expo)");
    // The hot first-touch SLA (10 min) from the claim replaces the normal one (30 min).
    assertThat(f.clocks.find(lead.id()).block().dueAt())
        .isEqualTo(claimedAt.plus(Duration.ofMinutes(10)));

    f.advance(Duration.ofMinutes(7));
    assertThat(f.clocks.find(lead.id()).block().breachedAt()).isNotNull();
    assertThat(f.leads.history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsSubsequence("created", "routed", "claimed", "merged", "made_hot");
  }

  @Test
  void a_repeat_visit_to_a_pooled_lead_updates_the_team_card_and_the_response_sla_turns_hot() {
    Lead lead = ingest(visit("i1", "web", "华东"));
    assertThat(lead.status()).isEqualTo(LeadStatus.POOLED);
    f.outbox.clear();
    f.clock.advance(Duration.ofMinutes(2));

    ingest(visit("i2", "web", "华东"));

    UpdateCard card = f.outbox.commands(UpdateCard.class).get(0);
    assertThat(card.commandId()).isEqualTo("repeat-i2");
    assertThat(card.recipients()).containsExactlyInAnyOrder(ZHANGSAN, LISI, WANGWU);
    assertThat(card.card().type()).isEqualTo(CardType.LEAD_OFFER);
    assertThat(card.card().cardId()).isEqualTo("lead-" + lead.id());
    assertThat(card.card().elements().toString()).contains("card.leadOffer.hot");
    assertThat(f.outbox.commands(SendText.class)).isEmpty();

    // Escalated at arrival + 10 min (hot), not + 30 min; the old timers do nothing.
    f.advance(Duration.ofMinutes(7));
    assertThat(escalations(lead)).isEmpty();
    f.advance(Duration.ofMinutes(1));
    assertThat(escalations(lead))
        .singleElement()
        .satisfies(c -> assertThat(c.recipients()).containsExactly(EAST_MANAGER));
    f.advance(Duration.ofMinutes(30));
    assertThat(escalations(lead)).hasSize(1);
  }

  private List<DeliverCard> escalations(Lead lead) {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.commandId().startsWith("response-escalation-" + lead.id()))
        .toList();
  }

  @Test
  void a_redelivered_repeat_visit_raises_and_tells_nothing_twice() {
    Lead lead = ingest(visit("i1", "web", "华南"));
    claim(CHENQI, lead);
    f.outbox.clear();
    f.clock.advance(Duration.ofHours(5));
    LeadSubmission second = visit("i2", "web", "华南");
    ingest(second);
    long version = current(lead).version();
    ingest(second);

    assertThat(current(lead).version()).isEqualTo(version);
    assertThat(entries(lead, "made_hot")).hasSize(1);
    assertThat(f.outbox.commands())
        .extracting(OutboundCommand::commandId)
        .containsOnly("repeat-i2");
  }

  @Test
  void a_visit_after_the_repeat_window_only_merges_and_the_window_counts_from_the_last_visit() {
    Lead lead = ingest(visit("i1", "web", "华南"));
    claim(CHENQI, lead);
    f.outbox.clear();
    f.clock.advance(Duration.ofDays(8));

    ingest(visit("i2", "web", "华南"));
    assertThat(current(lead).submission().priority()).isEqualTo(Priority.NORMAL);
    assertThat(entries(lead, "made_hot")).isEmpty();
    assertThat(f.outbox.commands(SendText.class).get(0).text()).startsWith("reply.merged");

    // A third visit a day after the second is a repeat: the window counts from the last visit.
    f.clock.advance(Duration.ofDays(1));
    ingest(visit("i3", "web", "华南"));
    assertThat(current(lead).submission().priority()).isEqualTo(Priority.HOT);
    assertThat(entries(lead, "made_hot").get(0).reason()).contains("1d after");
  }

  @Test
  void an_ended_lead_is_not_made_hot() {
    Lead lead = ingest(visit("i1", "web", "华南"));
    claim(CHENQI, lead);
    f.leads
        .close(
            lead.id(),
            CHENQI,
            LeadStatus.LOST,
            new AuditEntry(lead.id(), "chenqi", "lost", "test", "l-1", f.clock.instant()))
        .block();
    f.outbox.clear();
    f.clock.advance(Duration.ofHours(1));

    ingest(visit("i2", "web", "华南"));
    assertThat(current(lead).submission().priority()).isEqualTo(Priority.NORMAL);
    assertThat(entries(lead, "made_hot")).isEmpty();
    assertThat(f.outbox.commands(SendText.class).get(0).text()).startsWith("reply.merged");
  }
}
