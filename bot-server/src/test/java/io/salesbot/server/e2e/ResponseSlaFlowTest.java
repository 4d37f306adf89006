package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Team resp (test profile): a response SLA of 4 s from arrival with the reminder 2 s before. A lead
 * nobody claims is announced again to the team, then escalated to the manager, who presses 指派给响应二:
 * the lead is theirs, they get the lead card, the escalation card says it is handled.
 */
class ResponseSlaFlowTest extends EndToEndSupport {

  @Test
  @SuppressWarnings("unchecked")
  void an_unclaimed_lead_is_announced_again_then_escalated_and_assigned_by_the_manager() {
    String intakeId = submit("{\"name\":\"无人领\",\"region\":\"响应区\"}");
    String leadId =
        (String)
            await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
                .get("id");
    awaitItem("resp1", card("lead-" + leadId, "LEAD_OFFER"));

    // Nobody claims: the team is told again, with a Claim button.
    for (String rep : List.of("resp1", "resp2")) {
      Map<String, Object> again = awaitItem(rep, card("response-remind-" + leadId, "LEAD_OFFER"));
      assertThat(again.get("title").toString()).contains("无人领");
      assertThat((List<Map<String, Object>>) again.get("buttons"))
          .extracting(b -> b.get("action"))
          .containsExactly("claim");
    }

    // Then the manager gets the escalation with 指派给… per available rep and 延长.
    Map<String, Object> escalation =
        awaitItem(
            "respboss",
            i ->
                "SLA_ESCALATION".equals(i.get("type"))
                    && String.valueOf(i.get("cardId")).startsWith("response-escalation-" + leadId)
                    && !((List<?>) i.get("buttons")).isEmpty());
    List<Map<String, Object>> buttons = (List<Map<String, Object>>) escalation.get("buttons");
    assertThat(buttons)
        .extracting(b -> b.get("action"))
        .contains("response-assign", "response-extend");
    Map<String, Object> toResp2 =
        buttons.stream()
            .filter(
                b ->
                    "response-assign".equals(b.get("action"))
                        && String.valueOf(b.get("payload")).endsWith(":sandbox:resp2"))
            .findFirst()
            .orElseThrow();
    assertThat(toResp2.get("label").toString()).contains("响应二");

    http.post()
        .uri("/sandbox/actions")
        .bodyValue(
            Map.of(
                "userId",
                "respboss",
                "cardId",
                escalation.get("cardId"),
                "action",
                "response-assign",
                "payload",
                toResp2.get("payload")))
        .exchange()
        .expectStatus()
        .isAccepted();

    awaitItem("resp2", card("lead-" + leadId, "LEAD_CLAIMED_BY_YOU"));
    Map<String, Object> assigned = lead(leadId);
    assertThat(assigned)
        .containsEntry("status", "CLAIMED")
        .containsEntry("owner", "sandbox:resp2")
        .containsEntry("ownerName", "响应二");
    assertThat(assigned.get("arrivalToClaim")).isNotNull();
    assertThat(
            ((List<Map<String, Object>>) assigned.get("history"))
                .stream().map(h -> (String) h.get("action")).toList())
        .containsSubsequence("routed", "response_reminded", "response_breached", "assigned");
    // The manager's escalation card is updated: handled, no buttons left.
    awaitItem(
        "respboss",
        i ->
            escalation.get("cardId").equals(i.get("cardId"))
                && ((List<?>) i.get("buttons")).isEmpty());
    assertThat(inbox("resp1")).noneMatch(card("lead-" + leadId, "LEAD_CLAIMED_BY_YOU"));
  }
}
