package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The official account end to end: a signed scene scan in, a lead in the pool with the openid, the
 * welcome out at WireMock; retries; the form merging into the scan lead; the admin QR endpoint.
 */
class WechatMpFlowTest extends WechatMpSupport {
  @Test
  void a_scene_scan_becomes_a_pooled_lead_with_the_openid_and_a_welcome_goes_out() {
    String openId = randomOpenId();

    String body =
        callback(event(openId, "subscribe", "qrscene_expo2026", System.currentTimeMillis() / 1000));

    assertThat(body).isEmpty();
    List<Map<String, Object>> leads =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> leadsOf(openId), l -> !l.isEmpty() && !"NEW".equals(l.get(0).get("status")));
    assertThat(leads)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.get("source_id")).isEqualTo("wechat-expo");
              assertThat(l.get("team_id")).isEqualTo("east");
              assertThat(l.get("phone")).isNull();
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> kefuTo(openId).size() == 1);
    assertThat(kefuTo(openId).get(0).getBodyAsString())
        .contains("https://leads.example.com/forms/trial");
  }

  @Test
  void a_retried_scan_is_one_lead_and_one_welcome() throws InterruptedException {
    String openId = randomOpenId();
    String xml = event(openId, "SCAN", "expo2026", System.currentTimeMillis() / 1000);

    callback(xml);
    callback(xml);
    callback(xml);

    await().atMost(Duration.ofSeconds(20)).until(() -> kefuTo(openId).size() == 1);
    Thread.sleep(1500);
    assertThat(leadsOf(openId)).hasSize(1);
    assertThat(kefuTo(openId)).hasSize(1);
  }

  @Test
  void a_keyword_is_answered_with_the_form_link_and_no_lead() {
    String openId = randomOpenId();

    String reply = callback(text(openId, "你好，想咨询一下", System.nanoTime()));

    assertThat(reply).contains("https://leads.example.com/forms/trial").contains(openId);
    assertThat(leadsOf(openId)).isEmpty();
  }

  @Test
  void the_form_after_a_scan_merges_into_the_scan_lead_and_thanks_within_the_quota() {
    String openId = randomOpenId();
    callback(event(openId, "subscribe", "qrscene_expo2026", System.currentTimeMillis() / 1000));
    List<Map<String, Object>> first =
        await().atMost(Duration.ofSeconds(20)).until(() -> leadsOf(openId), l -> !l.isEmpty());
    String code = "CODE-" + UUID.randomUUID();
    oauthCode(code, openId);

    org.springframework.test.web.reactive.server.EntityExchangeResult<byte[]> form =
        http.get()
            .uri(local("/forms/trial?code=" + code + "&state=form"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult();
    String page = new String(form.getResponseBody(), StandardCharsets.UTF_8);
    Matcher oid = Pattern.compile("name=\"oid\" value=\"([^\"]+)\"").matcher(page);
    assertThat(form.getResponseHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(form.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(form.getResponseHeaders().getFirst("Content-Security-Policy"))
        .contains("frame-ancestors 'none'")
        .contains("script-src 'sha256-")
        .doesNotContain("unsafe-inline");
    // WebTestClient refuses to send an unparsable Content-Type: over plain HTTP instead.
    java.net.http.HttpResponse<String> refused =
        PlatformFlows.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/forms/trial"))
                .header("Content-Type", "foo")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=x"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(oid.find()).isTrue();
    String thanks =
        new String(
            http.post()
                .uri(local("/forms/trial"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(
                    BodyInserters.fromFormData("name", "王先生")
                        .with("phone", randomPhone())
                        .with("region", "华东")
                        .with("sid", UUID.randomUUID().toString())
                        .with("oid", oid.group(1)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody(),
            StandardCharsets.UTF_8);

    assertThat(thanks).contains("提交成功");
    String leadId = (String) first.get(0).get("id");
    await().atMost(Duration.ofSeconds(20)).until(() -> intakesOf(leadId) == 2);
    assertThat(leadsOf(openId)).hasSize(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> kefuTo(openId).size() == 2);
  }

  @Test
  void rejects_a_callback_with_a_wrong_signature_and_stores_nothing() {
    String openId = randomOpenId();
    http.post()
        .uri(
            local(
                "/callbacks/wechat-mp/"
                    + APP_ID
                    + "?signature="
                    + "0".repeat(40)
                    + "&timestamp=1&nonce=2"))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(event(openId, "subscribe", "qrscene_expo2026", 1L))
        .exchange()
        .expectStatus()
        .isUnauthorized();

    assertThat(leadsOf(openId)).isEmpty();
  }

  @Test
  void admins_create_scene_qr_codes_for_campaigns() {
    Map<String, Object> qr =
        http.post()
            .uri("/api/v1/admin/wechat-mp/{appId}/qrcodes", APP_ID)
            .header("Authorization", ADMIN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"scene\":\"expo2026\",\"expireSeconds\":604800}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(qr)
        .containsEntry("scene", "expo2026")
        .containsEntry("permanent", false)
        .containsEntry(
            "imageUrl", "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQE-E2E-TICKET");

    http.post()
        .uri("/api/v1/admin/wechat-mp/{appId}/qrcodes", APP_ID)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"scene\":\"expo2026\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.post()
        .uri("/api/v1/admin/wechat-mp/{appId}/qrcodes", APP_ID)
        .header("Authorization", ADMIN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"scene\":\"nosuch\",\"permanent\":true}")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }
}
