package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/**
 * Intent from behaviour over HTTP: a second signed intake of the same phone makes the lead hot,
 * tells its owner in the sandbox and says why in the admin lead view; a source's intent fields make
 * a lead hot on arrival.
 */
class RepeatVisitFlowTest extends EndToEndSupport {
  private static final String ADS_SECRET = "ads-secret-456";

  private String submit(String source, String secret, String body) {
    return (String)
        signed(source, secret, body)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody()
            .get("intakeId");
  }

  private Map<String, Object> awaitStatus(String intakeId, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> lead(intakeId), l -> status.equals(l.get("status")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void a_second_visit_of_the_same_phone_makes_the_claimed_lead_hot_and_tells_the_owner() {
    String phone = randomPhone();
    String first =
        submit(
            "ads",
            ADS_SECRET,
            "{\"name\":\"周先生\",\"phone\":\"" + phone + "\",\"region\":\"华东\",\"message\":\"第一次\"}");
    Map<String, Object> pooled = awaitStatus(first, "POOLED");
    assertThat(pooled).containsEntry("priority", "NORMAL");
    String leadId = (String) pooled.get("id");
    act("lisi", "lead-" + leadId, "claim", leadId);
    awaitStatus(leadId, "CLAIMED");

    String second =
        submit(
            "ads",
            ADS_SECRET,
            "{\"name\":\"周先生\",\"phone\":\"" + phone + "\",\"region\":\"华东\",\"message\":\"第二次\"}");

    Map<String, Object> told =
        awaitItem(
            "lisi",
            i ->
                "text".equals(i.get("kind"))
                    && String.valueOf(i.get("text")).startsWith("客户再次访问：周先生"));
    assertThat(told.get("text").toString()).contains("#" + leadId.substring(0, 8), "来源 ads");
    Map<String, Object> hot = lead(leadId);
    assertThat(hot).containsEntry("priority", "HOT").containsEntry("owner", "sandbox:lisi");
    assertThat(lead(second).get("id")).isEqualTo(leadId);
    List<Map<String, Object>> history = (List<Map<String, Object>>) hot.get("history");
    assertThat(history)
        .extracting(h -> h.get("action"))
        .containsSubsequence("created", "routed", "claimed", "merged", "made_hot");
    assertThat(
            history.stream()
                .filter(h -> "made_hot".equals(h.get("action")))
                .findFirst()
                .orElseThrow()
                .get("reason")
                .toString())
        .contains("repeat visit", "source ads", "repeat window 7d");
    assertThat(count("select count(*) from leads where phone = '" + phone + "'")).isEqualTo(1);
  }

  @Test
  void a_source_s_intent_fields_make_a_lead_hot_on_arrival() {
    String hot =
        submit(
            "expo",
            "expo-secret-321",
            "{\"name\":\"吴女士\",\"company\":\"某某展商\",\"product\":\"CRM\",\"region\":\"华东\"}");
    assertThat(awaitStatus(hot, "POOLED")).containsEntry("priority", "HOT");
    String normal =
        submit(
            "expo", "expo-secret-321", "{\"name\":\"郑女士\",\"company\":\"某某展商\",\"region\":\"华东\"}");
    assertThat(awaitStatus(normal, "POOLED")).containsEntry("priority", "NORMAL");
  }
}
