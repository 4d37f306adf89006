package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A claimed lead becomes a deal and moves through its stages in chat, over HTTP and the sandbox:
 * claim → 已联系 (① done, deal card) → a typed note proves ② → 推进 → the gate of 需求诊断 is shut → /skip
 * with a reason → the manager approves → 方案呈现 with evidence owed → 输单 with a reason. The admin lead
 * view shows the stage, the checkpoints, the outcome and the moves in its history.
 */
class DealFlowTest extends EndToEndSupport {
  private final SandboxDeals deals = new SandboxDeals(this);

  private void say(String user, String text) {
    deals.say(user, text);
  }

  private static List<Map<String, Object>> buttons(Map<String, Object> card) {
    return SandboxDeals.buttons(card);
  }

  @SuppressWarnings("unchecked")
  @Test
  void a_deal_goes_through_gate_skip_approval_and_ends_lost_with_a_reason() {
    String leadId = deals.contactedDeal("wangwu", "周女士");
    Map<String, Object> card = awaitItem("wangwu", card("deal-" + leadId, "DEAL"));
    assertThat(card.get("title")).isEqualTo("商机：周女士");
    assertThat(card.toString()).contains("◐○○○○ 初步接触", "① 首次触达", "✓ 已完成");

    deals.proveByNote("wangwu", leadId, "12月20日 上门沟通需求", "appointment");
    deals.awaitCheckpoint(leadId, "appointment", "done");

    act("wangwu", "deal-" + leadId, "deal-advance", leadId + ":0");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "需求诊断".equals(l.get("stage")));
    // The stage is stored before the card update reaches the inbox: press the new stage's button
    // only once the card shows it.
    awaitItem(
        "wangwu",
        card("deal-" + leadId, "DEAL")
            .and(
                i ->
                    buttons(i).stream()
                        .anyMatch(b -> (leadId + ":1").equals(String.valueOf(b.get("payload"))))));
    act("wangwu", "deal-" + leadId, "deal-advance", leadId + ":1");
    Map<String, Object> shut =
        awaitItem(
            "wangwu", i -> i.toString().contains("还不能推进") && i.toString().contains("③ 需求调研纪要"));
    assertThat(shut).isNotNull();

    say("wangwu", "/skip #" + leadId.substring(0, 8) + " 客户已有方案，直接要报价");
    Map<String, Object> approval =
        awaitItem(
            "zhaoliu",
            i -> "SKIP_APPROVAL".equals(i.get("type")) && i.toString().contains("客户已有方案"));
    Map<String, Object> approve = buttons(approval).get(0);
    act(
        "zhaoliu",
        (String) approval.get("cardId"),
        (String) approve.get("action"),
        (String) approve.get("payload"));
    Map<String, Object> skipped =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> lead(leadId), l -> "方案呈现".equals(l.get("stage")));
    assertThat((List<Map<String, Object>>) skipped.get("checkpoints"))
        .filteredOn(c -> "owed".equals(c.get("state")))
        .extracting(c -> c.get("name"))
        .containsExactly("需求调研纪要", "关键决策人识别", "预算确认");
    awaitItem("wangwu", i -> i.toString().contains("批准了"));

    act("wangwu", "deal-" + leadId, "deal-lose", leadId);
    Map<String, Object> reasons =
        awaitItem("wangwu", i -> "CHOICE".equals(i.get("type")) && i.toString().contains("输单原因"));
    Map<String, Object> price = buttons(reasons).get(0);
    act(
        "wangwu",
        (String) reasons.get("cardId"),
        (String) price.get("action"),
        (String) price.get("payload"));
    Map<String, Object> lost =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> lead(leadId),
                l ->
                    "lost".equals(l.get("outcome"))
                        && l.get("history").toString().contains("deal_lost"));
    assertThat(lost).containsEntry("status", "LOST").containsEntry("outcomeReason", "价格不合适");
    assertThat((List<Map<String, Object>>) lost.get("history"))
        .extracting(h -> h.get("action"))
        .contains(
            "deal_opened",
            "checkpoint_done",
            "stage_advanced",
            "skip_requested",
            "stage_skipped",
            "deal_lost",
            "lead_lost");
    // One answer per press: a move that went through is not also answered "找不到这个商机" under the
    // same command id (which once made the gate's answer above arrive or not, by chance).
    assertThat(inbox("wangwu")).noneMatch(i -> String.valueOf(i.get("text")).contains("找不到这个商机"));
  }
}
