package io.salesbot.core.lead;

import static io.salesbot.core.testing.TestTeams.CHENQI;
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
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.platform.CardReferences.CardReference;
import io.salesbot.core.routing.ClaimLead;
import io.salesbot.core.testing.InMemoryCardReferences;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class IngestAndClaimTest {
  private final PipelineFixture f = new PipelineFixture();

  /** The claim use case on the fixture's fakes, to see each claim's decision as a value. */
  private final ClaimLead claim =
      new ClaimLead(f.leads, f.directory, f.talk, f.policies, lead -> Mono.empty());

  private static LeadSubmission lead(String intakeId, String region, String phone) {
    return new LeadSubmission(
        intakeId,
        "web",
        "张三",
        phone,
        "某某制造",
        region,
        "制造",
        "CRM",
        null,
        null,
        null,
        Map.of(),
        Priority.HOT);
  }

  private Lead ingest(LeadSubmission s) {
    StepVerifier.create(f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())))
        .verifyComplete();
    return f.leads.findByIntakeId(s.intakeId()).block();
  }

  private ClaimResult press(Address rep, Lead lead) {
    return claim
        .handle(
            new InboundEvent.CardAction(
                "press-" + rep.userId(),
                rep,
                "lead-" + lead.id(),
                "claim",
                lead.id(),
                f.clock.instant()))
        .block();
  }

  @Test
  void routes_by_region_and_offers_the_card_to_every_rep_of_the_team() {
    Lead lead = ingest(lead("i1", "华东", "13800138000"));
    assertThat(lead.status()).isEqualTo(LeadStatus.POOLED);
    assertThat(lead.teamId()).isEqualTo("east");
    assertThat(lead.id()).isEqualTo(LeadIds.leadId("i1"));
    DeliverCard offer = f.outbox.commands(DeliverCard.class).get(0);
    assertThat(offer.recipients()).containsExactly(ZHANGSAN, LISI, WANGWU);
    assertThat(offer.card().type()).isEqualTo(CardType.LEAD_OFFER);
    assertThat(offer.card().buttons())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.action()).isEqualTo("claim");
              assertThat(b.payload()).isEqualTo(lead.id());
            });
    assertThat(offer.card().elements().toString())
        .contains("138****8000")
        .doesNotContain("13800138000");
    assertThat(f.leads.history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed");
    assertThat(f.leads.history(lead.id()).collectList().block().get(1).reason())
        .contains("region=华东 matched team east");
  }

  @Test
  void unknown_region_goes_to_the_default_team_and_says_why() {
    Lead lead = ingest(lead("i1", "西北", null));
    assertThat(lead.teamId()).isEqualTo("east");
    assertThat(f.leads.history(lead.id()).collectList().block().get(1).reason())
        .contains("no team covers region=西北")
        .contains("default team east");
  }

  @Test
  void redelivery_creates_nothing_new_and_repeats_the_same_command_ids() {
    LeadSubmission s = lead("i1", "华南", "13800138000");
    ingest(s);
    ingest(s);
    assertThat(f.leads.all()).hasSize(1);
    assertThat(f.outbox.commands())
        .extracting(OutboundCommand::commandId)
        .containsOnly("offer-" + LeadIds.leadId("i1"));
  }

  @Test
  void same_phone_within_30_days_merges_and_tells_the_owner() {
    Lead first = ingest(lead("i1", "华南", "13800138000"));
    assertThat(press(CHENQI, first)).isInstanceOf(ClaimResult.Claimed.class);
    f.outbox.clear();
    f.clock.advance(Duration.ofDays(29));
    Lead second = ingest(lead("i2", "华东", "13800138000"));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(f.leads.all()).hasSize(1);
    SendText told = f.outbox.commands(SendText.class).get(0);
    assertThat(told.recipients()).containsExactly(CHENQI);
    assertThat(told.text()).startsWith("reply.merged");
    f.clock.advance(Duration.ofDays(2));
    ingest(lead("i3", "华东", "13800138000"));
    assertThat(f.leads.all()).hasSize(2);
  }

  @Test
  void first_claim_wins_and_every_card_is_updated() {
    Lead lead = ingest(lead("i1", "华东", "13800138000"));
    f.outbox.clear();
    assertThat(press(LISI, lead)).isInstanceOf(ClaimResult.Claimed.class);
    List<UpdateCard> updates = f.outbox.commands(UpdateCard.class);
    assertThat(updates).hasSize(2);
    assertThat(updates.get(0).recipients()).containsExactly(LISI);
    assertThat(updates.get(0).card().type()).isEqualTo(CardType.LEAD_CLAIMED_BY_YOU);
    assertThat(updates.get(0).card().elements().toString()).contains("13800138000");
    assertThat(updates.get(0).card().cardId()).isEqualTo("lead-" + lead.id());
    assertThat(updates.get(0).card().version()).isEqualTo(2);
    assertThat(updates.get(1).recipients()).containsExactly(ZHANGSAN, WANGWU);
    assertThat(updates.get(1).card().title()).isEqualTo("card.claimedByOther.title(张三,李四)");

    f.outbox.clear();
    assertThat(press(ZHANGSAN, lead)).isInstanceOf(ClaimResult.AlreadyClaimed.class);
    assertThat(f.outbox.commands(SendText.class))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.recipients()).containsExactly(ZHANGSAN);
              assertThat(t.text()).isEqualTo("reply.alreadyClaimed(李四)");
            });
    // The late clicker's own card is updated too, through this click (its reference is fresh).
    assertThat(f.outbox.commands(UpdateCard.class))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.recipients()).containsExactly(ZHANGSAN);
              assertThat(u.card().title()).isEqualTo("card.claimedByOther.title(张三,李四)");
            });
    assertThat(f.outbox.commands()).hasSize(2);
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(LISI);
    assertThat(f.leads.history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed", "claimed", "claim_rejected");
  }

  @Test
  void a_click_brings_its_card_reference_which_is_stored_before_any_card_is_updated() {
    Lead lead = ingest(lead("ref-1", "华东", "13800000031"));
    List<Boolean> updatedBeforeStore = new ArrayList<>();
    InMemoryCardReferences store =
        f.cardReferences.beforeSave(
            r -> {
              updatedBeforeStore.add(!f.outbox.commands(UpdateCard.class).isEmpty());
              return Mono.empty();
            });
    Instant until = f.clock.instant().plusSeconds(3600);
    StepVerifier.create(f.dispatcher.handle(click("click-ref-1", lead, "RC-OF-THE-CLICK", until)))
        .verifyComplete();

    assertThat(updatedBeforeStore).containsExactly(false);
    assertThat(store.all())
        .containsExactly(
            new CardReference("sandbox", "lead-" + lead.id(), LISI, "RC-OF-THE-CLICK", until));
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(LISI);
    assertThat(f.outbox.commands(UpdateCard.class)).isNotEmpty();
  }

  @Test
  void a_card_reference_that_cannot_be_stored_does_not_cost_the_click() {
    Lead lead = ingest(lead("ref-2", "华东", "13800000032"));
    InMemoryCardReferences store =
        f.cardReferences.beforeSave(r -> Mono.error(new IllegalStateException("database down")));
    StepVerifier.create(
            f.dispatcher.handle(
                click("click-ref-2", lead, "RC-2", f.clock.instant().plusSeconds(60))))
        .verifyComplete();

    assertThat(store.all()).isEmpty();
    assertThat(f.leads.findById(lead.id()).block().owner()).isEqualTo(LISI);
  }

  private InboundEvent.CardAction click(String eventId, Lead lead, String code, Instant until) {
    return new InboundEvent.CardAction(
        eventId,
        LISI,
        "lead-" + lead.id(),
        "claim",
        lead.id(),
        f.clock.instant(),
        new InboundEvent.CardAction.Reference(code, until));
  }

  @Test
  void a_rep_of_another_team_cannot_claim() {
    Lead lead = ingest(lead("i1", "华东", null));
    f.outbox.clear();
    assertThat(press(CHENQI, lead)).isInstanceOf(ClaimResult.NotEligible.class);
    assertThat(f.leads.findById(lead.id()).block().owner()).isNull();
    assertThat(f.outbox.commands(SendText.class).get(0).text())
        .isEqualTo("reply.notInTeam(华东销售一组)");
  }

  @Test
  void claiming_a_lead_that_does_not_exist_gets_a_reply() {
    ClaimResult r =
        claim
            .handle(
                new InboundEvent.CardAction(
                    "e", LISI, "lead-x", "claim", "nope", f.clock.instant()))
            .block();
    assertThat(r).isInstanceOf(ClaimResult.NotEligible.class);
    assertThat(f.outbox.commands(SendText.class).get(0).text()).isEqualTo("reply.leadNotFound");
  }

  @Test
  void a_claimed_lead_redelivered_is_not_offered_again() {
    LeadSubmission s = lead("i1", "华东", null);
    Lead lead = ingest(s);
    press(LISI, lead);
    f.outbox.clear();
    ingest(s);
    assertThat(f.outbox.commands()).isEmpty();
  }
}
