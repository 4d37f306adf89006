package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * 已联系 with a note, over HTTP through the sandbox: after pressing 已联系 the rep writes how it went, is
 * asked "记为线索 … 的沟通记录？", presses 记录; the note is in the admin lead view and in /why, and the phone
 * number in it never reaches the logs in full.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoteFromChatFlowTest extends EndToEndSupport {

  private void say(String user, String text) {
    http.post()
        .uri("/sandbox/users/{u}/messages", user)
        .bodyValue(Map.of("text", text))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  /**
   * The core logs through {@code System.Logger}, which reaches Logback through the JUL bridge that
   * Spring Boot installs when an application starts and removes when one stops: in this test JVM
   * other tests start and stop applications of their own, and the last one to stop may have taken
   * the bridge away from the application this test runs in. Put it back, as its start did.
   */
  @org.junit.jupiter.api.BeforeEach
  void julReachesTheLog() {
    if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
      org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
      org.slf4j.bridge.SLF4JBridgeHandler.install();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void a_text_after_contacted_is_kept_as_a_note_on_record_and_its_phone_is_masked_in_the_logs(
      CapturedOutput output) {
    String phone = randomPhone();
    String intakeId = submit("{\"name\":\"冯先生\",\"phone\":\"" + phone + "\",\"region\":\"华东\"}");
    Map<String, Object> pooled =
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")));
    String leadId = (String) pooled.get("id");
    String cardId = "lead-" + leadId;
    act("wangwu", cardId, "claim", leadId);
    act("wangwu", cardId, "contacted", leadId + ":PHONE");
    Map<String, Object> contacted = awaitItem("wangwu", card(cardId, "LEAD_CONTACTED"));
    assertThat(contacted.toString()).contains("回复文字");

    String other = randomPhone();
    String text = "电话沟通，客户要报价单，备用号 " + other;
    say("wangwu", text);
    Map<String, Object> offer =
        awaitItem(
            "wangwu",
            i ->
                String.valueOf(i.get("cardId")).startsWith("note-offer-")
                    && String.valueOf(i.get("title")).contains("#" + leadId.substring(0, 8)));
    assertThat(offer.get("title").toString())
        .isEqualTo("记为线索 #" + leadId.substring(0, 8) + "（冯先生）的沟通记录？");
    pressButton("wangwu", offer, "note-record");

    List<Map<String, Object>> notes =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> (List<Map<String, Object>>) lead(leadId).get("notes"),
                n -> n != null && !n.isEmpty());
    assertThat(notes)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n).containsEntry("text", text).containsEntry("authorName", "王五");
            });
    awaitItem(
        "wangwu",
        i ->
            String.valueOf(i.get("cardId")).equals(offer.get("cardId"))
                && i.toString().contains("已记为线索"));

    say("wangwu", "/why #" + leadId.substring(0, 8));
    awaitItem(
        "wangwu",
        i ->
            "text".equals(i.get("kind"))
                && String.valueOf(i.get("text")).contains("备注")
                && String.valueOf(i.get("text")).contains("客户要报价单"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> output.getAll().contains("note from chat kept on lead " + leadId));
    assertThat(output.getAll())
        .contains(other.substring(0, 3) + "****" + other.substring(7))
        .doesNotContain(other);
  }
}
