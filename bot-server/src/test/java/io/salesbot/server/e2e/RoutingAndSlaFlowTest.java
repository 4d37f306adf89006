package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Team rr (test profile): round-robin push offers with a 5 s first-touch SLA and a reminder 2 s
 * before it. Decline → next rep → accept → reminder → Contacted → no escalation; and no touch →
 * escalation card to the manager → Back to pool → claimed by the other rep.
 */
class RoutingAndSlaFlowTest extends EndToEndSupport {
  private static final List<String> REPS = List.of("rr1", "rr2");

  private String pooledLead(String name) {
    String intakeId = submit("{\"name\":\"" + name + "\",\"region\":\"轮转区\"}");
    return (String)
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
            .get("id");
  }

  /** The rep who holds the open push offer of this lead, and that card. */
  private Map.Entry<String, Map<String, Object>> offerHolder(String cardId, String notThisOne) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              for (String rep : REPS) {
                if (rep.equals(notThisOne)) {
                  continue;
                }
                for (Map<String, Object> item : inbox(rep)) {
                  if (card(cardId, "LEAD_PUSH_OFFER").test(item)) {
                    return Map.entry(rep, item);
                  }
                }
              }
              return null;
            },
            e -> e != null);
  }

  @SuppressWarnings("unchecked")
  private void press(String user, Map<String, Object> card, String action) {
    Map<String, Object> button =
        ((List<Map<String, Object>>) card.get("buttons"))
            .stream().filter(b -> action.equals(b.get("action"))).findFirst().orElseThrow();
    http.post()
        .uri("/sandbox/actions")
        .bodyValue(
            Map.of(
                "userId",
                user,
                "cardId",
                card.get("cardId"),
                "action",
                action,
                "payload",
                button.get("payload")))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private static String other(String rep) {
    return rep.equals("rr1") ? "rr2" : "rr1";
  }

  @SuppressWarnings("unchecked")
  private List<String> actions(String leadId) {
    return ((List<Map<String, Object>>) lead(leadId).get("history"))
        .stream().map(h -> (String) h.get("action")).toList();
  }

  @Test
  void decline_moves_the_offer_on_and_contacted_stops_the_clock() {
    String leadId = pooledLead("轮转甲");
    String cardId = "lead-" + leadId;
    Map.Entry<String, Map<String, Object>> first = offerHolder(cardId, "");
    press(first.getKey(), first.getValue(), "decline");
    awaitItem(first.getKey(), card(cardId, "LEAD_OFFER_CLOSED"));

    Map.Entry<String, Map<String, Object>> second = offerHolder(cardId, first.getKey());
    assertThat(second.getKey()).isEqualTo(other(first.getKey()));
    press(second.getKey(), second.getValue(), "accept");
    Map<String, Object> mine = awaitItem(second.getKey(), card(cardId, "LEAD_CLAIMED_BY_YOU"));
    assertThat(lead(leadId)).containsEntry("owner", "sandbox:" + second.getKey());

    awaitItem(
        second.getKey(),
        i ->
            "text".equals(i.get("kind"))
                && i.get("text").toString().contains("轮转甲")
                && i.get("text").toString().startsWith("提醒"));
    press(second.getKey(), mine, "contacted");
    awaitItem(second.getKey(), card(cardId, "LEAD_CONTACTED"));

    // Well past the 5 s SLA: no escalation.
    await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(inbox("rrboss")).noneMatch(i -> String.valueOf(i.get("cardId")).contains(leadId));
    assertThat(actions(leadId))
        .containsSubsequence(
            "routed",
            "offered",
            "offer_declined",
            "offered",
            "claimed",
            "sla_reminded",
            "contacted")
        .doesNotContain("sla_breached");
    assertThat(
            ((List<Map<String, Object>>) lead(leadId).get("history"))
                .get(1)
                .get("reason")
                .toString())
        .contains("region=轮转区 matched team rr", "strategy round-robin");
  }

  @Test
  void no_first_touch_escalates_to_the_manager_who_sends_it_back_to_the_pool() {
    String leadId = pooledLead("轮转乙");
    String cardId = "lead-" + leadId;
    Map.Entry<String, Map<String, Object>> holder = offerHolder(cardId, "");
    press(holder.getKey(), holder.getValue(), "accept");
    awaitItem(holder.getKey(), card(cardId, "LEAD_CLAIMED_BY_YOU"));

    Map<String, Object> escalation =
        awaitItem(
            "rrboss",
            i ->
                "SLA_ESCALATION".equals(i.get("type"))
                    && String.valueOf(i.get("cardId")).startsWith("escalation-" + leadId));
    press("rrboss", escalation, "sla-pool");
    await().atMost(Duration.ofSeconds(20)).until(() -> "POOLED".equals(lead(leadId).get("status")));

    String next = other(holder.getKey());
    Map<String, Object> recycled =
        awaitItem(
            next,
            i ->
                "LEAD_OFFER".equals(i.get("type"))
                    && String.valueOf(i.get("cardId")).startsWith("recycled-" + leadId));
    press(next, recycled, "claim");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ("sandbox:" + next).equals(lead(leadId).get("owner")));
    assertThat(actions(leadId))
        .containsSubsequence("claimed", "sla_breached", "recycled", "offered", "claimed");

    http.post()
        .uri("/sandbox/users/{u}/messages", "rrboss")
        .bodyValue(Map.of("text", "/为什么 #" + leadId.substring(0, 8)))
        .exchange()
        .expectStatus()
        .isAccepted();
    awaitItem(
        "rrboss",
        i -> "text".equals(i.get("kind")) && i.get("text").toString().contains("sla_breached"));
  }
}
