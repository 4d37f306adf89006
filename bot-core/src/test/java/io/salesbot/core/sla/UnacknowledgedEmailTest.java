package io.salesbot.core.sla;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.team.domain.Identities;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every channel a person uses: a click from any of a rep's addresses is that rep's, and reminders
 * and escalations nobody acts on within the delay are also e-mailed (default policy: reminder at 10
 * min, escalation at 15 min after arrival).
 */
class UnacknowledgedEmailTest {
  private static final Address ZHANGSAN_DING = Address.parse("dingtalk:zs-ding");
  private static final Address ZHANGSAN_MAIL = Address.parse("email:zhangsan@example.cn");
  private static final Address BOSS_MAIL = Address.parse("email:zhaoliu@example.cn");
  private static final Identities IDS =
      new Identities(
          Map.of(
              ZHANGSAN, List.of(ZHANGSAN_DING, ZHANGSAN_MAIL),
              EAST_MANAGER, List.of(BOSS_MAIL)));

  private PipelineFixture f =
      new PipelineFixture(TeamPolicies.DEFAULTS, IDS, Duration.ofMinutes(5));
  private int events;

  private Lead ingest(String intakeId) {
    return ingest(intakeId, "13912345678");
  }

  private Lead ingest(String intakeId, String phone) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            "王先生",
            phone,
            "星河制造",
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

  private List<DeliverCard> mails() {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.recipients().stream().allMatch(r -> r.platform().equals("email")))
        .toList();
  }

  private List<String> history(Lead lead) {
    return f.leads.history(lead.id()).map(AuditEntry::action).collectList().block();
  }

  @Test
  void an_unanswered_reminder_and_escalation_are_also_emailed_with_the_masked_lead() {
    Lead lead = ingest("i1");

    f.advance(Duration.ofMinutes(10)); // the reminder to the team
    assertThat(mails()).isEmpty();
    f.advance(Duration.ofMinutes(5)); // the reminder's follow-up, and the escalation
    List<DeliverCard> toRep = mails();
    assertThat(toRep).hasSize(1);
    assertThat(toRep.get(0).recipients())
        .as("only the reps with an e-mail address, at that address")
        .containsExactly(ZHANGSAN_MAIL);
    assertThat(toRep.get(0).card().title()).isEqualTo("mail.unacknowledged.reminder(王先生)");
    assertThat(toRep.get(0).card().buttons()).isEmpty();
    assertThat(toRep.get(0).card().elements())
        .contains(
            new CardElement.Field("field.phone", "139****5678"),
            new CardElement.Field("field.company", "星河制造"),
            new CardElement.Note("mail.unacknowledged.note"))
        .noneMatch(e -> e.toString().contains("13912345678"));

    f.advance(Duration.ofMinutes(5)); // the escalation's follow-up
    List<DeliverCard> all = mails();
    assertThat(all).hasSize(2);
    assertThat(all.get(1).recipients()).containsExactly(BOSS_MAIL);
    assertThat(all.get(1).card().title()).isEqualTo("mail.unacknowledged.escalation(王先生)");
    assertThat(history(lead))
        .containsSubsequence("response_reminded", "response_breached")
        .filteredOn("unacknowledged_emailed"::equals)
        .hasSize(2);
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(Unacknowledged.RESPONSE));
  }

  @Test
  void an_unanswered_first_touch_reminder_and_escalation_are_also_emailed() {
    Lead lead = ingest("i1");
    press(ZHANGSAN, "lead-" + lead.id(), "claim", lead.id()); // first touch due in 15 min

    f.advance(Duration.ofMinutes(10)); // the first-touch reminder to 张三
    assertThat(mails()).isEmpty();
    f.advance(Duration.ofMinutes(5)); // its follow-up, and the breach's escalation
    List<DeliverCard> toRep = mails();
    assertThat(toRep).hasSize(1);
    assertThat(toRep.get(0).recipients()).containsExactly(ZHANGSAN_MAIL);
    assertThat(toRep.get(0).card().title())
        .isEqualTo("mail.unacknowledged.firstTouchReminder(王先生)");
    assertThat(toRep.get(0).card().elements())
        .contains(new CardElement.Field("field.phone", "139****5678"))
        .noneMatch(e -> e.toString().contains("13912345678"));

    f.advance(Duration.ofMinutes(5)); // the escalation's follow-up: manager and rep
    List<DeliverCard> all = mails();
    assertThat(all).hasSize(2);
    assertThat(all.get(1).recipients()).containsExactlyInAnyOrder(BOSS_MAIL, ZHANGSAN_MAIL);
    assertThat(all.get(1).card().title())
        .isEqualTo("mail.unacknowledged.firstTouchEscalation(王先生)");
    assertThat(history(lead))
        .containsSubsequence("sla_reminded", "sla_breached")
        .filteredOn("unacknowledged_emailed"::equals)
        .hasSize(2);
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(Unacknowledged.FIRST_TOUCH));
  }

  @Test
  void a_first_touch_made_in_time_silences_the_mail() {
    Lead lead = ingest("i1");
    press(ZHANGSAN, "lead-" + lead.id(), "claim", lead.id());
    f.advance(Duration.ofMinutes(10)); // reminder sent, its follow-up armed
    assertThat(f.timers.pending()).anyMatch(t -> t.kind().equals(Unacknowledged.FIRST_TOUCH));

    press(ZHANGSAN_DING, "lead-" + lead.id(), "contacted", lead.id() + ":PHONE");
    f.advance(Duration.ofMinutes(30));
    assertThat(mails()).isEmpty();
    assertThat(history(lead)).contains("contacted").doesNotContain("unacknowledged_emailed");
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(Unacknowledged.FIRST_TOUCH));
  }

  @Test
  void a_claim_from_another_of_the_reps_addresses_is_theirs_and_silences_the_mail() {
    Lead lead = ingest("i1");
    f.advance(Duration.ofMinutes(10)); // reminder sent, follow-up armed
    assertThat(f.timers.pending()).anyMatch(t -> t.kind().equals(Unacknowledged.RESPONSE));

    // 张三 presses Claim in DingTalk, where the team's group has the card.
    press(ZHANGSAN_DING, "lead-" + lead.id(), "claim", lead.id());
    Lead claimed = f.leads.findById(lead.id()).block();
    assertThat(claimed.owner()).as("the person, by their primary address").isEqualTo(ZHANGSAN);

    f.advance(Duration.ofMinutes(5)); // the follow-up fires and finds the lead claimed
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(Unacknowledged.RESPONSE));
    f.advance(Duration.ofMinutes(30));
    assertThat(mails()).isEmpty();
    assertThat(history(lead)).doesNotContain("unacknowledged_emailed", "response_breached");
  }

  @Test
  void caps_count_a_persons_claims_from_all_their_addresses() {
    TeamPolicy capped =
        new TeamPolicy(
            Strategy.GRAB,
            Duration.ofMinutes(5),
            1,
            0,
            WorkingHours.ALWAYS,
            Duration.ofMinutes(15),
            Duration.ofMinutes(5));
    f =
        new PipelineFixture(
            new TeamPolicies(Map.of("east", capped), TeamPolicy.DEFAULT),
            IDS,
            Duration.ofMinutes(5));
    Lead first = ingest("i1");
    Lead second = ingest("i2", "13800001111");
    press(ZHANGSAN, "lead-" + first.id(), "claim", first.id());
    press(ZHANGSAN_DING, "lead-" + second.id(), "claim", second.id());

    assertThat(f.leads.findById(second.id()).block().owner())
        .as("the cap of one open lead is 张三's, whichever app he presses in")
        .isNull();
    assertThat(f.outbox.commands(SendText.class))
        .as("the answer goes to his primary address")
        .anyMatch(t -> t.recipients().equals(List.of(ZHANGSAN)));
    press(LISI, "lead-" + second.id(), "claim", second.id());
    assertThat(f.leads.findById(second.id()).block().owner()).isEqualTo(LISI);
  }

  @Test
  void without_the_email_platform_nothing_is_armed() {
    f = new PipelineFixture();
    ingest("i1");
    f.advance(Duration.ofMinutes(10));
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(Unacknowledged.RESPONSE));
  }
}
