package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A photo sent to the WeCom app proves a checkpoint: the callback's {@code image} message is queued
 * with its {@code MediaId}, the photo is downloaded from {@code media/get} (WireMock) by the
 * inbound handler, stored, offered for ⑦ 方案演示 and attached; its metadata (type, size, watermark
 * with the place of the rep's location message sent just before) is recorded. An expired media id
 * gets a clear reply and stores nothing.
 */
class WecomEvidenceFlowTest extends WecomSupport {
  private static final String REP = EVIDENCE.rep(1);

  private static String key(String action, String payload) {
    return "s1."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString((action + "\n" + payload).getBytes(StandardCharsets.UTF_8));
  }

  private void click(String cardId, String action, String payload) {
    assertThat(
            deliver(
                    encrypted(
                        clickXml(
                            REP,
                            cardId + "@1@t" + System.nanoTime(),
                            key(action, payload),
                            "RC-EV-" + System.nanoTime())))
                .statusCode())
        .isEqualTo(200);
  }

  private static String mediaXml(String type, String extra) {
    return "<xml><ToUserName><![CDATA["
        + CORP_ID
        + "]]></ToUserName><FromUserName><![CDATA["
        + REP
        + "]]></FromUserName><CreateTime>"
        + Instant.now().getEpochSecond()
        + "</CreateTime><MsgType><![CDATA["
        + type
        + "]]></MsgType>"
        + extra
        + "<MsgId>"
        + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)
        + "</MsgId><AgentID>"
        + AGENT_ID
        + "</AgentID></xml>";
  }

  /** Waits for a choice card with a button for {@code checkpoint} of the lead, and presses it. */
  private void pressChoice(String leadId, String checkpoint, int seen) {
    Call choice =
        awaitCall(
            SEND,
            c ->
                c.taskId().startsWith("evidence-")
                    && recipients(c).contains(REP)
                    && calls(SEND).indexOf(c) >= seen
                    && c.card().toString().contains("s1."));
    for (var b : choice.card().path("button_list")) {
      String[] decoded = decodeKey(b.path("key").asString(""));
      if (decoded[1].endsWith(":" + leadId + ":" + checkpoint)) {
        click(choice.taskId().substring(0, choice.taskId().indexOf('@')), decoded[0], decoded[1]);
        return;
      }
    }
    throw new AssertionError("no button for " + checkpoint + " on " + choice.card());
  }

  @SuppressWarnings("unchecked")
  private void awaitDone(String leadId, String checkpoint) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> (List<Map<String, Object>>) lead(leadId).get("checkpoints"),
            cps ->
                cps.stream()
                    .anyMatch(
                        c -> checkpoint.equals(c.get("id")) && "done".equals(c.get("state"))));
  }

  private void prove(String leadId, String note, String checkpoint) {
    int seen = calls(SEND).size();
    assertThat(deliver(encrypted(textXml(REP, note))).statusCode()).isEqualTo(200);
    pressChoice(leadId, checkpoint, seen);
    awaitDone(leadId, checkpoint);
  }

  @Test
  void a_photo_sent_to_the_app_is_downloaded_stored_and_proves_the_demo_checkpoint() {
    String leadId = (String) pooledLead(EVIDENCE, "孙女士").get("id");
    click("lead-" + leadId, "claim", leadId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "初步接触".equals(l.get("stage")));
    click("lead-" + leadId, "contacted", leadId + ":PHONE");
    awaitDone(leadId, "first-touch");
    prove(leadId, "12月22日 上门沟通需求", "appointment");
    click("deal-" + leadId, "deal-advance", leadId + ":0");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "需求诊断".equals(l.get("stage")));
    prove(leadId, "需求调研：要做渠道管理", "needs-notes");
    prove(leadId, "决策人：张三", "decision-maker");
    prove(leadId, "预算 50万", "budget");
    click("deal-" + leadId, "deal-advance", leadId + ":1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "方案呈现".equals(l.get("stage")));

    String mediaId = "MEDIA-" + RUN + "-" + System.nanoTime();
    byte[] jpeg = new byte[2048];
    ThreadLocalRandom.current().nextBytes(jpeg);
    jpeg[0] = (byte) 0xFF;
    jpeg[1] = (byte) 0xD8;
    wecom.stubFor(
        get(urlPathEqualTo("/cgi-bin/media/get"))
            .withQueryParam("media_id", equalTo(mediaId))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "image/jpeg")
                    .withHeader("Content-Disposition", "attachment; filename=\"demo.jpg\"")
                    .withBody(jpeg)));
    // WeCom sends no location with a picture: the rep shares where they are first.
    int sentBefore = calls(SEND).size();
    assertThat(
            deliver(
                    encrypted(
                        mediaXml(
                            "location",
                            "<Location_X>31.2304</Location_X><Location_Y>121.4737</Location_Y>"
                                + "<Scale>15</Scale><Label><![CDATA[上海市黄浦区人民大道]]></Label>")))
                .statusCode())
        .isEqualTo(200);
    awaitCall(
        SEND,
        c ->
            c.taskId().startsWith("evidence-")
                && recipients(c).contains(REP)
                && calls(SEND).indexOf(c) >= sentBefore);
    int seen = calls(SEND).size();
    assertThat(
            deliver(
                    encrypted(
                        mediaXml(
                            "image",
                            "<PicUrl><![CDATA[https://p.qpic.cn/x]]></PicUrl><MediaId><![CDATA["
                                + mediaId
                                + "]]></MediaId>")))
                .statusCode())
        .isEqualTo(200);
    pressChoice(leadId, "demo", seen);
    awaitDone(leadId, "demo");

    wecom.verify(
        getRequestedFor(urlPathEqualTo("/cgi-bin/media/get"))
            .withQueryParam("media_id", equalTo(mediaId))
            .withQueryParam("access_token", equalTo("E2E-TOKEN")));
    // The checkpoint is stored done before the evidence row records it: wait for both.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                    "SELECT count(*) FROM evidence WHERE deal_id = '"
                        + leadId
                        + "' AND checkpoint = 'demo' AND content_type = 'image/jpeg' AND size = 2048"
                        + " AND file_name = 'demo.jpg' AND watermark LIKE '% · 上海市黄浦区人民大道 · 企微f01'"
                        + " AND uploader = 'wecom:"
                        + REP
                        + "'"),
            n -> n == 1);

    // ⑥ 方案提交 takes a file: one whose MediaId WeCom no longer knows gets a reply, nothing kept.
    String gone = "GONE-" + RUN + "-" + System.nanoTime();
    wecom.stubFor(
        get(urlPathEqualTo("/cgi-bin/media/get"))
            .withQueryParam("media_id", equalTo(gone))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody("{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}")));
    long before = count("SELECT count(*) FROM evidence");
    deliver(encrypted(mediaXml("file", "<MediaId><![CDATA[" + gone + "]]></MediaId>")));
    awaitCall(SEND, c -> recipients(c).contains(REP) && c.text().contains("取不到这个文件"));
    wecom.verify(
        getRequestedFor(urlPathEqualTo("/cgi-bin/media/get"))
            .withQueryParam("media_id", equalTo(gone)));
    assertThat(count("SELECT count(*) FROM evidence")).isEqualTo(before);
  }
}
