package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.salesbot.server.e2e.SandboxDeals.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * A file sent to the DingTalk robot proves a checkpoint: the robot callback's {@code file} message
 * is queued with its {@code downloadCode}; the inbound handler exchanges it at the robot
 * file-download API ({@code /v1.0/robot/messageFiles/download}, WireMock) for a temporary link,
 * reads the file, stores it, and the bot's "which checkpoint?" interactive card offers ③ 需求调研纪要;
 * the card callback of its button (signed as DingTalk signs it) attaches it.
 */
class DingtalkEvidenceFlowTest extends DingtalkSupport {
  private static final String REP = EVIDENCE.rep(1);
  private final SandboxDeals deals = new SandboxDeals(this);

  /** A button key as the adapter makes it ({@code s1.<base64url(cardId \n action \n payload)>}). */
  private static String key(String cardId, String action, String payload) {
    return "s1."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                (cardId + "\n" + action + "\n" + payload).getBytes(StandardCharsets.UTF_8));
  }

  private void press(String cardId, String action, String payload) {
    assertThat(click(cardClick(cardId, REP, key(cardId, action, payload)))).isEqualTo(200);
  }

  private static String robotMessage(String type, ObjectNode content) {
    ObjectNode m = JSON.createObjectNode();
    m.put("msgId", "msg" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    m.put("senderStaffId", REP);
    m.put("senderNick", EVIDENCE.repName(1));
    m.put("conversationType", "1");
    m.put("robotCode", CLIENT_ID);
    m.put("msgtype", type);
    m.set("content", content);
    m.put("createAt", Instant.now().toEpochMilli());
    return JSON.writeValueAsString(m);
  }

  /**
   * Waits for the "which checkpoint?" card created in the rep's chat with a button for {@code
   * checkpoint} of the lead, and clicks that button through the card callback.
   */
  private void choose(String leadId, String checkpoint) {
    String end = ":" + leadId + ":" + checkpoint;
    Call choice =
        awaitCall(
            "POST",
            CREATE,
            c ->
                c.outTrackId().startsWith("evidence-")
                    && spaces(c).contains(REP)
                    && buttonKey(c, end) != null);
    assertThat(click(cardClick(choice.outTrackId(), REP, buttonKey(choice, end)))).isEqualTo(200);
  }

  /** The key of the card's button whose payload ends with {@code end}, or null. */
  private static String buttonKey(Call card, String end) {
    for (int i = 1; i <= 6; i++) {
      String k = card.params().path("btn" + i + "Key").asString("");
      if (!k.isEmpty() && decodeKey(k)[2].endsWith(end)) {
        return k;
      }
    }
    return null;
  }

  @Test
  void a_file_sent_to_the_robot_is_downloaded_and_proves_a_checkpoint_through_the_card() {
    String leadId = (String) pooledLead(EVIDENCE, "钉钉冯先生").get("id");
    awaitCall("POST", CREATE, c -> c.outTrackId().equals("lead-" + leadId));
    press("lead-" + leadId, "claim", leadId);
    deals.awaitStage(leadId, "初步接触");
    press("lead-" + leadId, "contacted", leadId + ":PHONE");
    deals.awaitCheckpoint(leadId, "first-touch", "done");

    // ② by a typed note, chosen on the card.
    assertThat(robot(botText(REP, EVIDENCE.repName(1), "12月23日 上门沟通需求"))).isEqualTo(200);
    choose(leadId, "appointment");
    deals.awaitCheckpoint(leadId, "appointment", "done");
    press("deal-" + leadId, "deal-advance", leadId + ":0");
    deals.awaitStage(leadId, "需求诊断");

    // ③ by a file: downloadCode → the robot file-download API → the temporary link.
    String code = "DC-" + RUN + "-" + System.nanoTime();
    byte[] pdf = ("%PDF-1.4 钉钉调研纪要 " + leadId).getBytes(StandardCharsets.UTF_8);
    dingtalk.stubFor(
        post(urlPathEqualTo("/v1.0/robot/messageFiles/download"))
            .withRequestBody(matchingJsonPath("$.downloadCode", containing(code)))
            .willReturn(
                okJson("{\"downloadUrl\":\"" + dingtalk.baseUrl() + "/dl/" + code + "\"}")));
    dingtalk.stubFor(
        get(urlPathEqualTo("/dl/" + code))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/pdf")
                    .withBody(pdf)));
    ObjectNode file = JSON.createObjectNode();
    file.put("downloadCode", code);
    file.put("fileName", "钉钉调研纪要.pdf");
    assertThat(robot(robotMessage("file", file))).isEqualTo(200);

    choose(leadId, "needs-notes");
    Map<String, Object> proven = deals.awaitCheckpoint(leadId, "needs-notes", "done");
    assertThat(state(proven, "decision-maker")).isEqualTo("open");

    dingtalk.verify(
        postRequestedFor(urlPathEqualTo("/v1.0/robot/messageFiles/download"))
            .withHeader("x-acs-dingtalk-access-token", containing("E2E-DT-TOKEN"))
            .withRequestBody(matchingJsonPath("$.downloadCode", containing(code))));
    // The checkpoint is stored done before the evidence row records it: wait for both.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                    "SELECT count(*) FROM evidence WHERE deal_id = '"
                        + leadId
                        + "' AND checkpoint = 'needs-notes' AND content_type = 'application/pdf'"
                        + " AND size = "
                        + pdf.length
                        + " AND file_name = '钉钉调研纪要.pdf' AND uploader = 'dingtalk:"
                        + REP
                        + "'"),
            n -> n == 1);
  }
}
