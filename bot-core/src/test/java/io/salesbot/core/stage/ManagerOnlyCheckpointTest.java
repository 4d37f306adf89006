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
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.StageDef;
import io.salesbot.core.stage.domain.StageModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code completed-by: manager}: only the manager of the deal's team may complete such a
 * checkpoint. The owner is neither offered it on the picker card nor allowed to attach evidence to
 * it; the team's manager is offered it and completes it.
 */
class ManagerOnlyCheckpointTest {
  /** The defaults, with ② 需求沟通预约 for the manager only. */
  private static StageSettings appointmentByManager() {
    StageModel d = StageModel.defaults();
    List<StageDef> stages =
        d.stages().stream()
            .map(
                s ->
                    new StageDef(
                        s.id(),
                        s.name(),
                        s.checkpoints().stream()
                            .map(
                                c ->
                                    c.id().equals("appointment")
                                        ? new CheckpointDef(
                                            c.id(),
                                            c.number(),
                                            c.name(),
                                            c.evidence(),
                                            true,
                                            c.required(),
                                            c.dependsOn())
                                        : c)
                            .toList(),
                        s.idleAfter(),
                        s.stalledAfter(),
                        s.dwellWarning()))
            .toList();
    StageSettings x = StageSettings.defaults();
    return new StageSettings(
        new StageModel(stages), x.lostReasons(), x.invalidReasons(), x.owedFor());
  }

  private final PipelineFixture f =
      new PipelineFixture(TeamPolicies.DEFAULTS, List.of(), appointmentByManager());
  private int n;
  private Lead lead;

  @BeforeEach
  void a_claimed_and_contacted_lead() {
    LeadSubmission s =
        new LeadSubmission(
            "m1",
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
    lead = f.leads.findByIntakeId("m1").block();
    click(LISI, "claim", lead.id());
    click(LISI, "contacted", lead.id() + ":PHONE");
  }

  private void click(Address who, String action, String payload) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, "card", action, payload, f.clock.instant()))
        .block();
  }

  private void say(Address who, String text) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()))
        .block();
  }

  private String reply() {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.commandId().equals("reply-c" + n) || t.commandId().equals("reply-m" + n))
        .map(SendText::text)
        .findFirst()
        .orElse("");
  }

  private List<Card> choices() {
    return f.outbox.commands(DeliverCard.class).stream()
        .map(DeliverCard::card)
        .filter(c -> c.type() == CardType.CHOICE)
        .toList();
  }

  private Deal deal() {
    return f.deals.find(lead.id()).block();
  }

  @Test
  void the_owner_is_not_offered_a_manager_only_checkpoint_and_cannot_attach_to_it() {
    say(LISI, "12月10日 上门沟通需求");
    assertThat(choices())
        .flatMap(Card::buttons)
        .extracting(CardButton::payload)
        .noneMatch(p -> p.endsWith(":appointment"));

    // A button for it (an old card, a forged click) changes nothing and says why.
    Evidence note =
        new Evidence(
            "ev-forged",
            LISI,
            Set.of(EvidenceKind.NOTE, EvidenceKind.DATE),
            "12月10日 上门沟通需求",
            null,
            null,
            f.clock.instant());
    f.evidence.save(note).block();
    Deal before = deal();
    click(LISI, DealCards.ATTACH, "ev-forged:" + lead.id() + ":appointment");

    assertThat(reply()).isEqualTo("reply.checkpoint.managerOnly(② 需求沟通预约)");
    assertThat(deal()).isEqualTo(before);
    assertThat(f.evidence.find("ev-forged").block().dealId()).isNull();
  }

  @Test
  void the_teams_manager_is_offered_it_on_the_reps_deal_and_completes_it() {
    say(EAST_MANAGER, "12月10日 与客户上门沟通需求");
    CardButton button =
        choices().stream()
            .flatMap(c -> c.buttons().stream())
            .filter(b -> b.payload().endsWith(":" + lead.id() + ":appointment"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the manager was not offered ②"));

    click(EAST_MANAGER, button.action(), button.payload());

    assertThat(reply()).isEqualTo("reply.checkpoint.done(② 需求沟通预约,#" + lead.shortId() + ")");
    assertThat(deal().state("appointment").done()).isTrue();
    assertThat(deal().state("appointment").doneBy()).isEqualTo(EAST_MANAGER);
    // The owner can now move the deal through the gate the manager opened.
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(deal().stage()).isEqualTo(1);
  }
}
