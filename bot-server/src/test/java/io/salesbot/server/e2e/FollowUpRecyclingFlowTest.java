package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Team fu (test profile): grab mode, a follow-up warning after 2 s without activity and recycling
 * after 5 s, a re-claim cooldown of 1 h; fu3 is on leave only on 2020-01-01. Claim → Contacted →
 * warning to the rep → recycled to the pool, the manager told → the previous owner's claim is
 * refused with the reason → another rep claims it.
 */
class FollowUpRecyclingFlowTest extends EndToEndSupport {

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> history(String leadId) {
    return (List<Map<String, Object>>) lead(leadId).get("history");
  }

  private static java.util.function.Predicate<Map<String, Object>> text(String start) {
    return i -> "text".equals(i.get("kind")) && String.valueOf(i.get("text")).startsWith(start);
  }

  @SuppressWarnings("unchecked")
  private static java.util.function.Predicate<Map<String, Object>> claimButton(String leadId) {
    return i ->
        i.get("buttons") instanceof List<?> buttons
            && ((List<Map<String, Object>>) buttons)
                .stream()
                    .anyMatch(
                        b -> "claim".equals(b.get("action")) && leadId.equals(b.get("payload")));
  }

  @Test
  void no_follow_up_warns_then_recycles_and_the_previous_owner_cools_down() {
    String intakeId = submit("{\"name\":\"跟进甲\",\"region\":\"跟进区\"}");
    String leadId =
        (String)
            await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
                .get("id");
    String cardId = "lead-" + leadId;
    awaitItem("fu1", card(cardId, "LEAD_OFFER"));
    // fu3's leave date is long past: fu3 is offered the lead too.
    awaitItem("fu3", card(cardId, "LEAD_OFFER"));

    act("fu1", cardId, "claim", leadId);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "sandbox:fu1".equals(lead(leadId).get("owner")));
    act("fu1", cardId, "contacted", leadId + ":PHONE");

    awaitItem("fu1", text("提醒：线索「跟进甲」"));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "POOLED".equals(lead(leadId).get("status")));
    Map<String, Object> recycled =
        history(leadId).stream()
            .filter(h -> "recycled".equals(h.get("action")))
            .findFirst()
            .orElseThrow();
    assertThat(recycled.get("reason").toString())
        .startsWith("follow-up SLA: no activity by 跟进一 (sandbox:fu1) for 5 s since");
    assertThat(history(leadId).stream().map(h -> h.get("action")))
        .containsSubsequence("claimed", "contacted", "followup_warned", "recycled");
    awaitItem("fuboss", text("线索「跟进甲」"));
    awaitItem("fu1", text("线索「跟进甲」"));

    // The previous owner may not claim it back during the cooldown (from the /pool card), and is
    // told why.
    http.post()
        .uri("/sandbox/users/{u}/messages", "fu1")
        .bodyValue(Map.of("text", "/pool"))
        .exchange()
        .expectStatus()
        .isAccepted();
    Map<String, Object> pool = awaitItem("fu1", FollowUpRecyclingFlowTest.claimButton(leadId));
    act("fu1", String.valueOf(pool.get("cardId")), "claim", leadId);
    awaitItem("fu1", text("你刚失去线索「跟进甲」"));
    assertThat(lead(leadId).get("owner")).isNull();

    Map<String, Object> offer = awaitItem("fu2", claimButton(leadId));
    assertThat(String.valueOf(offer.get("cardId"))).startsWith("recycled-" + leadId);
    act("fu2", String.valueOf(offer.get("cardId")), "claim", leadId);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "sandbox:fu2".equals(lead(leadId).get("owner")));
  }
}
