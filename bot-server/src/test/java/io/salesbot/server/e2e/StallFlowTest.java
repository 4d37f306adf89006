package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Stall → escalation → the manager acts, over HTTP and the sandbox. There is no clock to move in
 * the running server, so the test brings the deal's durable stall timer (armed for 60 days after
 * the last progress) due now in PostgreSQL — the deal itself is untouched, so the timer is still
 * current when the poller fires it — and the rest is the real chain: poller, handler, card to the
 * manager, the manager's buttons.
 */
class StallFlowTest extends EndToEndSupport {

  private final SandboxDeals deals = new SandboxDeals(this);

  private static List<Map<String, Object>> buttons(Map<String, Object> card) {
    return SandboxDeals.buttons(card);
  }

  /** The deal's stall timer, due now: how many rows moved (0 until it is armed). */
  private long stallTimerDueNow(String leadId) {
    return DatabaseClient.create(connectionFactory)
        .sql("UPDATE timers SET due_at = now() WHERE kind = 'deal-stalled' AND lead_id = :lead")
        .bind("lead", leadId)
        .fetch()
        .rowsUpdated()
        .block();
  }

  @Test
  void a_stalled_deal_escalates_to_the_manager_who_asks_for_a_plan_and_marks_it_lost() {
    String leadId = deals.contactedDeal("zhangsan", "停滞客户");

    await().atMost(Duration.ofSeconds(20)).until(() -> stallTimerDueNow(leadId) >= 1);

    Map<String, Object> escalation =
        awaitItem(
            "zhaoliu", i -> String.valueOf(i.get("cardId")).startsWith("stall-" + leadId + "-"));
    assertThat(escalation.get("title")).isEqualTo("商机停滞：停滞客户");
    assertThat(escalation.toString()).contains("张三", "初步接触");
    assertThat(buttons(escalation))
        .extracting(b -> b.get("label"))
        .containsExactly("安排下一步", "标记输单", "改派");
    awaitItem("zhangsan", i -> String.valueOf(i.get("text")).contains("已上报主管 赵六"));
    String cardId = (String) escalation.get("cardId");

    act("zhaoliu", cardId, "stall-plan", leadId);
    awaitItem("zhangsan", i -> String.valueOf(i.get("text")).startsWith("赵六 请你安排"));

    act("zhaoliu", cardId, "stall-lose", leadId);
    Map<String, Object> reasons =
        awaitItem("zhaoliu", i -> "CHOICE".equals(i.get("type")) && i.toString().contains(leadId));
    Map<String, Object> noBudget = buttons(reasons).get(2);
    act(
        "zhaoliu",
        (String) reasons.get("cardId"),
        (String) noBudget.get("action"),
        (String) noBudget.get("payload"));
    Map<String, Object> lost =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> lead(leadId),
                l -> "lost".equals(l.get("outcome")) && "LOST".equals(l.get("status")));
    assertThat(lost).containsEntry("status", "LOST").containsEntry("outcomeReason", "没有预算");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>) lost.get("history");
    assertThat(history)
        .extracting(h -> h.get("action"))
        .containsSubsequence("deal_opened", "deal_stalled", "stall_acted", "stall_acted");
  }
}
