package io.salesbot.server.e2e;

import static io.salesbot.server.e2e.SandboxDeals.buttons;
import static io.salesbot.server.e2e.SandboxDeals.checkpoints;
import static io.salesbot.server.e2e.SandboxDeals.shortId;
import static io.salesbot.server.e2e.SandboxDeals.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * One deal from claim to 赢单 over HTTP and the sandbox: claim → 已联系 → ② by a note → 推进 → ③ by an
 * uploaded file → the gate of 需求诊断 refuses (④ ⑤ missing) → /skip with a reason → the manager
 * approves → 方案呈现 with ④ ⑤ owed, shown on the deal card → the owed evidence is filed later → ⑥ ⑦ ⑧
 * → 异议处理 ⑨ ⑩ → 签约执行 ⑪ ⑫ → 赢单. The admin lead view ends with the stage, every checkpoint done, the
 * outcome, and the transitions in its history with the evidence each move relied on.
 */
class DealWonFlowTest extends EndToEndSupport {
  private static final String REP = "wangwu";
  private static final String MANAGER = "zhaoliu";

  private final SandboxDeals deals = new SandboxDeals(this);

  private static byte[] pdf(String what, String leadId) {
    return ("%PDF-1.4 " + what + " " + leadId).getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> history(Map<String, Object> lead) {
    return (List<Map<String, Object>>) lead.get("history");
  }

  @Test
  void a_deal_passes_a_gate_a_skip_with_evidence_debt_paid_later_and_is_won() {
    String leadId = deals.contactedDeal(REP, "吴女士");

    String appointment = deals.proveByNote(REP, leadId, "12月20日 上门沟通需求", "appointment");
    deals.awaitCheckpoint(leadId, "appointment", "done");
    deals.advance(REP, leadId, 0);
    deals.awaitStage(leadId, "需求诊断");

    // ③ by a file uploaded to the bot.
    String needs =
        deals.proveByFile(
            REP,
            leadId,
            pdf("需求调研纪要", leadId),
            "调研纪要.pdf",
            MediaType.APPLICATION_PDF,
            "needs-notes");
    Map<String, Object> diagnosed = deals.awaitCheckpoint(leadId, "needs-notes", "done");
    assertThat(checkpoints(diagnosed))
        .filteredOn(c -> "needs-notes".equals(c.get("id")))
        .singleElement()
        .satisfies(c -> assertThat(c.get("evidence")).isEqualTo(List.of(needs)));

    // The gate refuses while ④ ⑤ are open, and says so.
    deals.advance(REP, leadId, 1);
    awaitItem(
        REP,
        i ->
            String.valueOf(i.get("text")).contains("还不能推进")
                && String.valueOf(i.get("text")).contains("④ 关键决策人识别、⑤ 预算确认"));
    assertThat(lead(leadId).get("stage")).isEqualTo("需求诊断");

    // A skip with a reason; the manager approves.
    deals.say(REP, "/skip " + shortId(leadId) + " 客户急着看方案，决策人和预算下周补");
    Map<String, Object> approval =
        awaitItem(
            MANAGER,
            i -> "SKIP_APPROVAL".equals(i.get("type")) && i.toString().contains("客户急着看方案"));
    Map<String, Object> approve = buttons(approval).get(0);
    assertThat(approve.get("action")).isEqualTo("skip-approve");
    act(
        MANAGER,
        (String) approval.get("cardId"),
        (String) approve.get("action"),
        (String) approve.get("payload"));
    Map<String, Object> skipped = deals.awaitStage(leadId, "方案呈现");
    assertThat(checkpoints(skipped))
        .filteredOn(c -> "owed".equals(c.get("state")))
        .extracting(c -> c.get("id"))
        .containsExactly("decision-maker", "budget");
    assertThat(checkpoints(skipped))
        .filteredOn(c -> "owed".equals(c.get("state")))
        .allSatisfy(c -> assertThat(c.get("dueAt")).isNotNull());

    // The debt is on the deal card.
    Map<String, Object> card =
        awaitItem(
            REP,
            i ->
                ("deal-" + leadId).equals(i.get("cardId"))
                    && i.toString().contains("方案呈现")
                    && i.toString().contains("待补佐证"));
    assertThat(card.toString()).contains("④ 关键决策人识别", "⑤ 预算确认");

    // Later, the owed evidence is filed.
    deals.proveByNote(REP, leadId, "决策人：王总 采购总监", "decision-maker");
    deals.awaitCheckpoint(leadId, "decision-maker", "done");
    deals.proveByNote(REP, leadId, "客户确认预算 50万", "budget");
    deals.awaitCheckpoint(leadId, "budget", "done");

    // 方案呈现: ⑥ a file, ⑦ a note, ⑧ a file and an amount.
    deals.proveByFile(
        REP, leadId, pdf("方案", leadId), "方案.pdf", MediaType.APPLICATION_PDF, "proposal");
    deals.awaitCheckpoint(leadId, "proposal", "done");
    deals.proveByNote(REP, leadId, "给客户技术团队做了方案演示", "demo");
    deals.awaitCheckpoint(leadId, "demo", "done");
    deals.proveByFile(
        REP, leadId, pdf("报价单", leadId), "报价单.pdf", MediaType.APPLICATION_PDF, "quotation");
    deals.awaitLead(
        leadId,
        l ->
            checkpoints(l).stream()
                .anyMatch(
                    c ->
                        "quotation".equals(c.get("id"))
                            && !((List<?>) c.get("evidence")).isEmpty()));
    assertThat(state(lead(leadId), "quotation")).isEqualTo("open");
    deals.proveByNote(REP, leadId, "报价 30万", "quotation");
    deals.awaitCheckpoint(leadId, "quotation", "done");
    deals.advance(REP, leadId, 2);
    deals.awaitStage(leadId, "异议处理");

    deals.proveByNote(REP, leadId, "异议：担心实施周期；应对：承诺六周上线", "objections");
    deals.awaitCheckpoint(leadId, "objections", "done");
    deals.proveByNote(REP, leadId, "商务谈判：付款方式三三四", "negotiation");
    deals.awaitCheckpoint(leadId, "negotiation", "done");
    deals.advance(REP, leadId, 3);
    deals.awaitStage(leadId, "签约执行");

    String contractFile =
        deals.proveByFile(
            REP, leadId, pdf("合同", leadId), "合同.pdf", MediaType.APPLICATION_PDF, "contract");
    deals.awaitLead(
        leadId,
        l ->
            checkpoints(l).stream()
                .anyMatch(
                    c ->
                        "contract".equals(c.get("id"))
                            && !((List<?>) c.get("evidence")).isEmpty()));
    String contractAmount = deals.proveByNote(REP, leadId, "合同金额 30万", "contract");
    deals.awaitCheckpoint(leadId, "contract", "done");
    String payment = deals.proveByNote(REP, leadId, "12月30日 首笔回款 10万", "first-payment");
    deals.awaitCheckpoint(leadId, "first-payment", "done");

    act(REP, "deal-" + leadId, "deal-win", leadId);
    Map<String, Object> won =
        deals.awaitLead(
            leadId,
            l ->
                "won".equals(l.get("outcome")) && l.get("history").toString().contains("deal_won"));

    assertThat(won)
        .containsEntry("status", "WON")
        .containsEntry("stage", "签约执行")
        .containsEntry("outcome", "won");
    assertThat(checkpoints(won))
        .hasSize(12)
        .allSatisfy(c -> assertThat(c.get("state")).isEqualTo("done"));
    List<Map<String, Object>> history = history(won);
    assertThat(history)
        .extracting(h -> h.get("action"))
        .containsSubsequence(
            "deal_opened",
            "checkpoint_done",
            "stage_advanced",
            "skip_requested",
            "stage_skipped",
            "stage_advanced",
            "stage_advanced",
            "deal_won")
        .contains("lead_won");
    // Each move lists the evidence it relied on; the skip only that of the checkpoint done.
    assertThat(history)
        .filteredOn(h -> "stage_advanced".equals(h.get("action")))
        .first()
        .satisfies(h -> assertThat(h.get("evidence")).isEqualTo(List.of(appointment)));
    assertThat(history)
        .filteredOn(h -> "stage_skipped".equals(h.get("action")))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.get("evidence")).isEqualTo(List.of(needs));
              assertThat(h.get("actor")).isEqualTo("sandbox:" + MANAGER);
            });
    assertThat(history)
        .filteredOn(h -> "deal_won".equals(h.get("action")))
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.get("evidence"))
                    .isEqualTo(List.of(contractFile, contractAmount, payment)));
    assertThat(history)
        .filteredOn(h -> "checkpoint_done".equals(h.get("action")))
        .allSatisfy(h -> assertThat(h).doesNotContainKey("evidence"));
  }
}
