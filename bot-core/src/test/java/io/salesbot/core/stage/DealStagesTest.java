package io.salesbot.core.stage;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
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
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.StageMove;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A claimed lead becomes a deal and moves through the stages in chat, over the core assembly. */
class DealStagesTest {
  private final PipelineFixture f = new PipelineFixture();
  private int n;
  private Lead lead;

  @BeforeEach
  void a_claimed_and_contacted_lead() {
    lead = claimedBy(LISI, "d1", "客户甲");
  }

  /** A web lead submitted and claimed by {@code rep}. */
  private Lead claimedBy(Address rep, String intakeId, String name) {
    LeadSubmission s =
        new LeadSubmission(
            intakeId,
            "web",
            name,
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
    Lead submitted = f.leads.findByIntakeId(intakeId).block();
    click(rep, "claim", submitted.id());
    return submitted;
  }

  private void click(Address who, String action, String payload) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "c" + (++n), who, "card", action, payload, f.clock.instant()))
        .block();
  }

  private String reply() {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.commandId().equals("reply-c" + n) || t.commandId().equals("reply-m" + n))
        .map(SendText::text)
        .findFirst()
        .orElse("");
  }

  private String say(Address who, String text) {
    f.outbox.clear();
    f.dispatcher
        .handle(new InboundEvent.TextMessage("m" + (++n), who, text, f.clock.instant()))
        .block();
    return reply();
  }

  private Deal deal() {
    return f.deals.find(lead.id()).block();
  }

  private Card lastCard(CardType type) {
    return Stream.concat(
            f.outbox.commands(DeliverCard.class).stream().map(DeliverCard::card),
            f.outbox.commands(UpdateCard.class).stream().map(UpdateCard::card))
        .filter(c -> c.type() == type)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  /** Sends a note and presses the button for {@code checkpoint} on the choice card. */
  private String prove(String text, String checkpoint) {
    say(LISI, text);
    CardButton button =
        lastCard(CardType.CHOICE).buttons().stream()
            .filter(b -> b.payload().endsWith(":" + checkpoint))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no button for " + checkpoint));
    click(LISI, button.action(), button.payload());
    return reply();
  }

  private void contacted() {
    click(LISI, "contacted", lead.id() + ":PHONE");
  }

  @Test
  void a_claim_opens_a_deal_and_the_first_touch_completes_checkpoint_one_and_sends_the_card() {
    Deal opened = deal();
    assertThat(opened.owner()).isEqualTo(LISI);
    assertThat(opened.stage()).isZero();
    assertThat(opened.state("first-touch").state()).isEqualTo(CheckpointState.State.OPEN);

    contacted();

    assertThat(deal().state("first-touch").done()).isTrue();
    Card card = lastCard(CardType.DEAL);
    assertThat(card.cardId()).isEqualTo("deal-" + lead.id());
    assertThat(card.elements().toString()).contains("◐○○○○ 初步接触", "① 首次触达");
    assertThat(card.buttons()).extracting(CardButton::action).contains(DealCards.ADVANCE);
    assertThat(f.leads.history(lead.id()).map(AuditEntry::action).collectList().block())
        .contains("deal_opened", "checkpoint_done");
  }

  @Test
  void a_note_proves_the_checkpoint_the_rep_chooses_and_the_gate_opens_when_all_are_done() {
    contacted();
    assertThat(prove("12月10日 上门沟通需求", "appointment"))
        .isEqualTo("reply.checkpoint.done(② 需求沟通预约,#" + lead.shortId() + ")");
    assertThat(deal().state("appointment").done()).isTrue();
    List<String> proof = deal().state("appointment").evidence();
    assertThat(proof).singleElement().asString().startsWith("ev-");

    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(deal().stage()).isEqualTo(1);
    assertThat(f.deals.transitions(lead.id()).collectList().block())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(StageMove.Kind.ADVANCE);
              assertThat(t.overridden()).isFalse();
              // The gate's checkpoints' evidence (① has none: 已联系 completed it).
              assertThat(t.evidence()).isEqualTo(proof);
            });
    assertThat(f.leads.history(lead.id()).collectList().block())
        .filteredOn(a -> a.action().equals("stage_advanced"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.reason()).endsWith("(evidence " + proof.get(0) + ")");
              assertThat(a.at()).isEqualTo(f.deals.transitions(lead.id()).blockFirst().at());
            });

    // A second press of the same (now stale) button changes nothing.
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(reply()).startsWith("reply.deal.alreadyMoved");
    assertThat(deal().stage()).isEqualTo(1);
  }

  @Test
  void the_gate_stays_shut_until_the_stage_is_proven_and_says_what_is_missing() {
    contacted();
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(reply()).startsWith("reply.deal.gateShut(② 需求沟通预约");
    assertThat(deal().stage()).isZero();

    // A note without a date proves nothing that needs one.
    say(LISI, "客户很感兴趣");
    assertThat(f.outbox.commands(DeliverCard.class)).isNotEmpty();
    assertThat(lastCard(CardType.CHOICE).buttons()).isNotEmpty();
    CardButton b = lastCard(CardType.CHOICE).buttons().get(0);
    click(LISI, b.action(), b.payload());
    assertThat(reply()).startsWith("reply.checkpoint.partly(② 需求沟通预约");
    assertThat(deal().state("appointment").done()).isFalse();
  }

  @Test
  void a_skip_needs_a_reason_and_the_manager_and_leaves_evidence_debt() {
    contacted();
    prove("12月10日 上门沟通需求", "appointment");
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");

    assertThat(say(LISI, "/skip #" + lead.shortId())).isEqualTo("reply.usage(command.skip.usage)");
    assertThat(say(LISI, "/skip #" + lead.shortId() + " 客户直接要报价"))
        .startsWith("reply.skip.requested");
    Card approval = lastCard(CardType.SKIP_APPROVAL);
    assertThat(
            f.outbox.commands(DeliverCard.class).stream()
                .filter(c -> c.card().type() == CardType.SKIP_APPROVAL)
                .flatMap(c -> c.recipients().stream()))
        .containsExactly(EAST_MANAGER);
    String requestId = approval.buttons().get(0).payload();

    click(LISI, DealCards.APPROVE_SKIP, requestId);
    assertThat(reply()).isEqualTo("reply.managerOnly");
    assertThat(deal().stage()).isEqualTo(1);

    click(EAST_MANAGER, DealCards.APPROVE_SKIP, requestId);
    Deal skipped = deal();
    assertThat(skipped.stage()).isEqualTo(2);
    assertThat(skipped.state("needs-notes").state()).isEqualTo(CheckpointState.State.OWED);
    assertThat(skipped.state("budget").dueAt())
        .isEqualTo(f.clock.instant().plus(Duration.ofDays(14)));
    assertThat(f.deals.transitions(lead.id()).collectList().block())
        .last()
        .satisfies(t -> assertThat(t.overridden()).isTrue());

    click(EAST_MANAGER, DealCards.REJECT_SKIP, requestId);
    assertThat(reply()).isEqualTo("reply.skip.alreadyDecided");

    // Owed evidence can still be paid off.
    prove("需求调研：要做全国门店的线索分发", "needs-notes");
    assertThat(deal().state("needs-notes").done()).isTrue();
  }

  @Test
  void lost_needs_a_reason_ends_the_lead_and_frees_the_reps_cap() {
    contacted();
    click(LISI, DealCards.LOSE, lead.id());
    Card reasons = lastCard(CardType.CHOICE);
    assertThat(reasons.buttons()).hasSize(6);
    click(LISI, DealCards.LOST, lead.id() + ":1");

    Deal lost = deal();
    assertThat(lost.outcome()).isEqualTo(DealOutcome.LOST);
    assertThat(lost.outcomeReason()).isEqualTo("选择了竞品");
    assertThat(f.leads.findById(lead.id()).block().status()).isEqualTo(LeadStatus.LOST);
    assertThat(f.leads.loads(List.of(LISI), f.clock.instant().minus(Duration.ofDays(1))).block())
        .containsEntry(LISI, new io.salesbot.core.lead.domain.RepLoad(0, 1));

    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(reply()).isEqualTo("reply.deal.closed");
    assertThat(say(LISI, "/next #" + lead.shortId() + " 明天 再联系")).isEqualTo("reply.deal.closed");
  }

  @Test
  void winning_waits_for_the_last_stage_and_its_checkpoints() {
    contacted();
    click(LISI, DealCards.WIN, lead.id());
    assertThat(reply()).isEqualTo("reply.deal.winNotLastStage");
    assertThat(deal().isOpen()).isTrue();
  }

  @Test
  void others_cannot_touch_a_deal_and_a_concurrent_double_click_moves_once() {
    contacted();
    prove("12月10日 上门沟通需求", "appointment");
    click(CHENQI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(reply()).startsWith("reply.deal.notYours");
    assertThat(say(ZHANGSAN, "/deal #" + lead.shortId())).startsWith("reply.deal.notYours");

    f.outbox.clear();
    Flux.just("x1", "x2")
        .flatMap(
            id ->
                f.dispatcher.handle(
                    new InboundEvent.CardAction(
                        id, LISI, "card", DealCards.ADVANCE, lead.id() + ":0", f.clock.instant())))
        .blockLast();
    assertThat(deal().stage()).isEqualTo(1);
    assertThat(f.deals.transitions(lead.id()).collectList().block()).hasSize(1);
  }

  @Test
  void next_step_back_and_invalid_by_command() {
    contacted();
    assertThat(say(LISI, "/next #" + lead.shortId() + " 明天 演示方案"))
        .startsWith("reply.next.set(2026-11-27");
    assertThat(deal().nextStep().text()).isEqualTo("演示方案");
    assertThat(say(LISI, "/next #" + lead.shortId() + " 昨天 演示")).startsWith("reply.next.invalid");

    prove("12月10日 上门沟通需求", "appointment");
    click(LISI, DealCards.ADVANCE, lead.id() + ":0");
    assertThat(say(LISI, "/back #" + lead.shortId() + " 1 客户换了对接人"))
        .startsWith("reply.deal.stage_back");
    assertThat(deal().stage()).isZero();
    // A move back rests on its reason, not on evidence.
    assertThat(f.deals.transitions(lead.id()).collectList().block())
        .last()
        .satisfies(t -> assertThat(t.evidence()).isEmpty());

    assertThat(say(LISI, "/invalid #" + lead.shortId()))
        .startsWith("reply.invalid.reasons(1 非目标客户");
    say(LISI, "/invalid #" + lead.shortId() + " 2");
    assertThat(deal().outcome()).isEqualTo(DealOutcome.INVALID);
    assertThat(f.leads.findById(lead.id()).block().status()).isEqualTo(LeadStatus.INVALID);
    assertThat(say(LISI, "/deals")).isEqualTo("reply.deals.none");
  }

  @Test
  void a_text_with_nothing_to_prove_still_gets_the_hint() {
    assertThat(say(ZHANGSAN, "你好")).isEqualTo("reply.hint");
    assertThat(f.outbox.commands(OutboundCommand.class)).hasSize(1);
  }

  @Test
  void deals_lists_the_furthest_first_and_says_how_many_more_there_are() {
    Lead furthest = null;
    for (int i = 2; i <= 20 + 2; i++) {
      furthest = claimedBy(LISI, "d" + i, "客户" + i);
    }
    Deal last = f.deals.find(furthest.id()).block();
    f.deals.save(last.movedTo(2, f.clock.instant(), List.of(), null)).block();

    String[] lines = say(LISI, "/deals").split("\n");

    assertThat(lines[0]).isEqualTo("reply.deals(22)");
    assertThat(lines[1]).startsWith("#" + furthest.shortId() + " ");
    assertThat(lines).hasSize(1 + 20 + 1);
    assertThat(lines[lines.length - 1]).isEqualTo("reply.deals.more(22,20)");
  }

  @Test
  void a_note_that_starts_with_a_deals_number_is_offered_to_that_deal_alone() {
    for (int i = 2; i <= 25; i++) {
      claimedBy(LISI, "d" + i, "客户" + i);
    }
    say(LISI, "客户很感兴趣");
    Card all = lastCard(CardType.CHOICE);
    assertThat(all.buttons()).hasSize(6);
    // d1 is the oldest of 25 open deals: not among those offered without its number.
    assertThat(all.buttons()).noneMatch(b -> b.payload().contains(":" + lead.id() + ":"));

    say(LISI, "#" + lead.shortId() + " 客户很感兴趣");
    Card named = lastCard(CardType.CHOICE);
    assertThat(named.buttons()).isNotEmpty();
    assertThat(named.buttons()).allMatch(b -> b.payload().contains(":" + lead.id() + ":"));
    String evidenceId = named.buttons().get(0).payload().split(":")[0];
    assertThat(f.evidence.find(evidenceId).block().text()).isEqualTo("客户很感兴趣");

    // A number that names no deal of theirs leaves the note to the usual options.
    say(LISI, "#ffffffff 客户很感兴趣");
    assertThat(lastCard(CardType.CHOICE).buttons()).hasSize(6);
  }
}
