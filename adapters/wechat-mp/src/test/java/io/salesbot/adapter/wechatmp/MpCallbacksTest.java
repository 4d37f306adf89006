package io.salesbot.adapter.wechatmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.LeadIds;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class MpCallbacksTest {
  private final Fixture f = new Fixture(Payloads.settings("http://127.0.0.1:1"));

  static Map<String, String> query(String q) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return m;
  }

  private static URI uri(String appId, String query) {
    return URI.create("/callbacks/wechat-mp/" + appId + "?" + query);
  }

  private String post(String appId, Payloads.Payload p, int status) {
    byte[] body =
        f.web
            .post()
            .uri(uri(appId, p.query()))
            .contentType(MediaType.TEXT_XML)
            .bodyValue(p.body())
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void echoes_echostr_when_the_server_url_check_is_signed() {
    String ts = "1735700000";
    String sig = SHA1.gen(Payloads.TOKEN, ts, "n1");
    f.web
        .get()
        .uri(
            uri(
                Payloads.APP_ID,
                "signature=" + sig + "&timestamp=" + ts + "&nonce=n1&echostr=e-123"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("e-123");
  }

  @Test
  void rejects_a_server_url_check_with_a_wrong_signature() {
    f.web
        .get()
        .uri(uri(Payloads.APP_ID, "signature=0000&timestamp=1&nonce=n1&echostr=e"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void subscribe_with_a_campaign_scene_submits_a_lead_and_queues_a_welcome() {
    String body = post(Payloads.PLAIN_APP_ID, Payloads.load("subscribe-scene"), 200);

    assertThat(body).isEmpty();
    assertThat(f.leads()).hasSize(1);
    LeadSubmission lead = f.leads().get(0).submission();
    String eventId =
        "mp:"
            + Payloads.PLAIN_APP_ID
            + ":evt:"
            + Payloads.OPEN_ID
            + ":1735700000:subscribe:qrscene_expo2026";
    assertThat(lead.intakeId())
        .isEqualTo(LeadIds.intakeId("wechat-expo", "mp-event:" + eventId, null));
    assertThat(lead.sourceId()).isEqualTo("wechat-expo");
    assertThat(lead.openId()).isEqualTo(Payloads.OPEN_ID);
    assertThat(lead.phone()).isNull();
    assertThat(lead.region()).isEqualTo("华东");
    assertThat(lead.product()).isEqualTo("CRM");
    assertThat(lead.priority()).isEqualTo(Priority.HOT);
    assertThat(lead.attributes())
        .containsEntry("campaign", "2026 上海展会")
        .containsEntry("scene", "expo2026")
        .containsEntry("channel", "qr-subscribe");
    assertThat(f.outbox.commands(OutboundCommand.SendText.class))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.recipients())
                  .containsExactly(
                      new Address("wechat-mp", Payloads.PLAIN_APP_ID + ":" + Payloads.OPEN_ID));
              assertThat(t.text()).contains("https://leads.example.com/forms/trial");
              assertThat(t.commandId()).isEqualTo("mp-welcome-" + lead.intakeId());
            });
    assertThat(f.quotas.value(Welcomes.scanKey(Payloads.PLAIN_APP_ID, Payloads.OPEN_ID)))
        .isEqualTo(3);
  }

  @Test
  void a_retried_event_is_acknowledged_without_a_second_lead_or_welcome() {
    post(Payloads.PLAIN_APP_ID, Payloads.load("subscribe-scene"), 200);
    f.quotas.take(Welcomes.windows(Payloads.PLAIN_APP_ID, Payloads.OPEN_ID)).block();

    post(Payloads.PLAIN_APP_ID, Payloads.load("subscribe-scene"), 200);
    post(Payloads.PLAIN_APP_ID, Payloads.load("subscribe-scene"), 200);

    assertThat(f.leads()).hasSize(1);
    assertThat(f.outbox.commands()).hasSize(1);
    assertThat(f.quotas.value(Welcomes.scanKey(Payloads.PLAIN_APP_ID, Payloads.OPEN_ID)))
        .as("a retry does not reopen the window")
        .isEqualTo(2);
  }

  @Test
  void scan_by_an_existing_follower_uses_the_scene_without_prefix() {
    post(Payloads.PLAIN_APP_ID, Payloads.load("scan-scene"), 200);

    assertThat(f.leads())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.submission().attributes())
                  .containsEntry("scene", "expo2026")
                  .containsEntry("channel", "qr-scan");
              assertThat(l.submission().openId()).isEqualTo(Payloads.OPEN_ID);
            });
  }

  @Test
  void safe_mode_subscribe_is_verified_decrypted_and_submitted() {
    String body = post(Payloads.APP_ID, Payloads.load("subscribe-scene-aes"), 200);

    assertThat(body).isEmpty();
    assertThat(f.leads())
        .singleElement()
        .satisfies(l -> assertThat(l.submission().openId()).isEqualTo(Payloads.OPEN_ID));
  }

  @Test
  void rejects_a_safe_mode_message_whose_msg_signature_does_not_match() {
    Payloads.Payload p = Payloads.load("subscribe-scene-aes");
    String tampered =
        p.query().replaceAll("msg_signature=[0-9a-f]+", "msg_signature=" + "0".repeat(40));

    post(Payloads.APP_ID, new Payloads.Payload(tampered, p.body()), 401);

    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void rejects_a_safe_mode_message_encrypted_for_another_appid() {
    String ts = "1735700000";
    String encrypt =
        new WxCryptUtil(Payloads.TOKEN, Payloads.AES_KEY, "wxOTHERAPPID000000")
            .encrypt(Payloads.RANDOM, Payloads.event("subscribe", "qrscene_expo2026", 1L));
    String query =
        "signature="
            + SHA1.gen(Payloads.TOKEN, ts, "n")
            + "&timestamp="
            + ts
            + "&nonce=n"
            + "&encrypt_type=aes&msg_signature="
            + SHA1.gen(Payloads.TOKEN, ts, "n", encrypt);
    String body =
        "<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA["
            + encrypt
            + "]]></Encrypt></xml>";

    post(Payloads.APP_ID, new Payloads.Payload(query, body), 400);

    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void with_an_aes_key_a_plain_callback_is_refused_before_it_is_read() {
    // A plain-mode request to a safe-mode account: signed only over (token, timestamp, nonce), so
    // whoever saw one callback URL could post any body with it.
    Payloads.Payload plain =
        Payloads.plain(
            Payloads.event("subscribe", "qrscene_expo2026", Payloads.SIGNED_AT),
            Payloads.SIGNED_AT,
            Payloads.NONCE);
    post(Payloads.APP_ID, plain, 401);

    // encrypt_type=aes without msg_signature, and with a msg_signature that does not match
    Payloads.Payload safe = Payloads.load("subscribe-scene-aes");
    String noMsgSignature = safe.query().replaceAll("&msg_signature=[0-9a-f]+", "");
    post(Payloads.APP_ID, new Payloads.Payload(noMsgSignature, safe.body()), 401);
    String noEncryptType = safe.query().replace("&encrypt_type=aes", "");
    post(Payloads.APP_ID, new Payloads.Payload(noEncryptType, safe.body()), 401);

    assertThat(f.queue.events()).isEmpty();
    assertThat(f.outbox.commands()).isEmpty();
  }

  @Test
  void refuses_callbacks_signed_more_than_five_minutes_from_now() {
    long now = Payloads.SIGNED_AT;
    String xml = Payloads.event("subscribe", "qrscene_expo2026", now);
    post(Payloads.PLAIN_APP_ID, Payloads.plain(xml, now - 301, Payloads.NONCE), 401);
    post(Payloads.PLAIN_APP_ID, Payloads.plain(xml, now + 301, Payloads.NONCE), 401);
    post(
        Payloads.APP_ID,
        Payloads.encrypted(
            Payloads.event("subscribe", "qrscene_expo2026", now - 3600),
            now - 3600,
            Payloads.NONCE),
        401);
    assertThat(f.queue.events()).isEmpty();

    post(Payloads.PLAIN_APP_ID, Payloads.plain(xml, now - 300, Payloads.NONCE), 200);
    assertThat(f.leads()).hasSize(1);
  }

  @Test
  void refuses_a_server_url_check_signed_more_than_five_minutes_from_now() {
    String ts = Long.toString(Payloads.SIGNED_AT - 600);
    String sig = SHA1.gen(Payloads.TOKEN, ts, "n1");
    f.web
        .get()
        .uri(
            uri(
                Payloads.PLAIN_APP_ID,
                "signature=" + sig + "&timestamp=" + ts + "&nonce=n1&echostr=e-123"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void a_hostile_64_kib_body_is_refused_at_once() {
    // Whitespace inside an unclosed <Encrypt> kept the old regex busy for hours (polynomial
    // backtracking) on a Netty event loop. A streaming parse reads each character once; the only
    // bound here is the test client's response timeout (5 s), which the old code could not meet
    // and the new one meets by orders of magnitude.
    Payloads.Payload signed = Payloads.load("subscribe-scene-aes");
    String hostile = "<xml><Encrypt>" + " ".repeat(64 * 1024 - 100) + "a";
    post(Payloads.APP_ID, new Payloads.Payload(signed.query(), hostile), 400);
    post(
        Payloads.PLAIN_APP_ID,
        new Payloads.Payload(Payloads.load("subscribe-scene").query(), hostile),
        400);

    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void rejects_a_wrong_plain_signature_and_queues_nothing() {
    Payloads.Payload p = Payloads.load("subscribe-scene");
    String tampered = p.query().replaceAll("signature=[0-9a-f]+", "signature=" + "1".repeat(40));

    post(Payloads.PLAIN_APP_ID, new Payloads.Payload(tampered, p.body()), 401);
    post(Payloads.PLAIN_APP_ID, new Payloads.Payload("timestamp=1&nonce=2", p.body()), 401);

    assertThat(f.queue.events()).isEmpty();
    assertThat(f.outbox.commands()).isEmpty();
  }

  @Test
  void rejects_a_body_that_is_not_xml_or_too_large_with_a_problem() {
    Payloads.Payload p = Payloads.load("subscribe-scene");

    post(Payloads.PLAIN_APP_ID, new Payloads.Payload(p.query(), "{\"not\":\"xml\"}"), 400);
    post(Payloads.PLAIN_APP_ID, new Payloads.Payload(p.query(), "<xml><oops"), 400);
    post(
        Payloads.PLAIN_APP_ID,
        new Payloads.Payload(
            p.query(), "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml>&e;</xml>"),
        400);
    post(
        Payloads.PLAIN_APP_ID,
        new Payloads.Payload(p.query(), "<xml>" + "a".repeat(70_000) + "</xml>"),
        413);

    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void an_unknown_account_is_not_found() {
    post("wxNOSUCH", Payloads.load("subscribe-scene"), 404);
  }

  @Test
  void unknown_events_and_unknown_scenes_are_acknowledged_and_ignored() {
    assertThat(post(Payloads.PLAIN_APP_ID, Payloads.load("menu-view"), 200)).isEmpty();
    assertThat(post(Payloads.PLAIN_APP_ID, Payloads.load("subscribe-unknown-scene"), 200))
        .isEmpty();

    assertThat(f.queue.events()).isEmpty();
    assertThat(f.outbox.commands()).isEmpty();
  }

  @Test
  void a_keyword_gets_the_form_link_as_a_passive_reply_and_opens_the_message_window() {
    String reply = post(Payloads.PLAIN_APP_ID, Payloads.load("text-keyword"), 200);

    assertThat(reply)
        .contains("<ToUserName><![CDATA[" + Payloads.OPEN_ID + "]]></ToUserName>")
        .contains("<FromUserName><![CDATA[gh_salesbot]]></FromUserName>")
        .contains("https://leads.example.com/forms/trial");
    assertThat(f.queue.events()).isEmpty();
    assertThat(f.quotas.value(Welcomes.messageKey(Payloads.PLAIN_APP_ID, Payloads.OPEN_ID)))
        .isEqualTo(5);
  }

  @Test
  void in_safe_mode_the_keyword_reply_is_encrypted_for_the_account() {
    String reply = post(Payloads.APP_ID, Payloads.load("text-keyword-aes"), 200);

    assertThat(reply).contains("<Encrypt>").doesNotContain("leads.example.com");
    String encrypt = reply.replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>.*", "$1");
    String plain =
        new WxCryptUtil(Payloads.TOKEN, Payloads.AES_KEY, Payloads.APP_ID).decrypt(encrypt);
    assertThat(plain).contains("https://leads.example.com/forms/trial");
  }

  @Test
  void other_texts_are_acknowledged_with_an_empty_body() {
    assertThat(post(Payloads.PLAIN_APP_ID, Payloads.load("text-other"), 200)).isEmpty();
    assertThat(f.quotas.value(Welcomes.messageKey(Payloads.PLAIN_APP_ID, Payloads.OPEN_ID)))
        .isEqualTo(5);
  }

  @Test
  void when_nothing_can_store_the_lead_wechat_gets_a_503_to_retry() {
    f.queue.down(true);
    f.fallback.down(true);

    post(Payloads.PLAIN_APP_ID, Payloads.load("subscribe-scene"), 503);

    assertThat(f.outbox.commands()).isEmpty();
  }
}
