package io.salesbot.adapter.wechatmp;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.Priority;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

class MpFormsTest {
  static final String OAUTH = "/sns/oauth2/access_token";
  static WireMockServer mp;

  @BeforeAll
  static void start() {
    mp = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    mp.start();
    mp.stubFor(
        get(urlPathEqualTo(OAUTH))
            .withQueryParam("code", equalTo("CODE-1"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT\",\"expires_in\":7200,\"refresh_token\":\"RT\",\"openid\":\""
                        + Payloads.OPEN_ID
                        + "\",\"scope\":\"snsapi_base\"}")));
    mp.stubFor(
        get(urlPathEqualTo(OAUTH))
            .withQueryParam("code", equalTo("USED"))
            .willReturn(okJson("{\"errcode\":40163,\"errmsg\":\"code been used\"}")));
  }

  @AfterAll
  static void stop() {
    mp.stop();
  }

  private final Fixture f = new Fixture(Payloads.settings(mp.baseUrl(), Payloads.limits(3, 2)));

  private String page(String uri, String agent, int status) {
    WebTestClient.RequestHeadersSpec<?> spec = f.web.get().uri(uri);
    if (agent != null) {
      spec = spec.header(HttpHeaders.USER_AGENT, agent);
    }
    byte[] body =
        spec.exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  private String submit(MultiValueMap<String, String> form, int status) {
    byte[] body =
        f.web
            .post()
            .uri("/forms/trial")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(BodyInserters.fromFormData(form))
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody();
    return body == null ? "" : new String(body, StandardCharsets.UTF_8);
  }

  private static MultiValueMap<String, String> valid() {
    MultiValueMap<String, String> m = new LinkedMultiValueMap<>();
    m.add("name", "王先生");
    m.add("phone", "138 0013 8000");
    m.add("company", "上海某某制造");
    m.add("region", "华东");
    m.add("product", "CRM");
    m.add("message", "想了解价格");
    m.add("sid", "7b0f3f5e-7c52-4c1f-9a53-1b1e5f0b2f11");
    return m;
  }

  private static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void outside_wechat_the_form_shows_the_configured_fields_in_chinese() {
    String html = page("/forms/trial", "Mozilla/5.0 (iPhone)", 200);

    assertThat(html)
        .contains("<html lang=\"zh-CN\">", "免费试用申请", "姓名", "手机号", "公司名称", "所在地区", "意向产品", "需求描述")
        .contains("<option value=\"华东\">华东</option>", "name=\"website\"");
    assertThat(hidden(html, "oid")).isEmpty();
  }

  @Test
  void inside_wechat_the_form_first_asks_for_silent_oauth() {
    String location =
        f.web
            .get()
            .uri("/forms/trial")
            .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 MicroMessenger/8.0.50")
            .exchange()
            .expectStatus()
            .isFound()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getFirst(HttpHeaders.LOCATION);

    assertThat(location)
        .startsWith("https://open.weixin.qq.com/connect/oauth2/authorize?appid=" + Payloads.APP_ID)
        .contains("scope=snsapi_base")
        .contains("redirect_uri=https%3A%2F%2Fleads.example.com%2Fforms%2Ftrial");
  }

  @Test
  void the_oauth_code_gives_the_openid_that_the_submission_carries_signed() {
    String html = page("/forms/trial?code=CODE-1&state=form", "MicroMessenger", 200);
    String oid = hidden(html, "oid");
    assertThat(oid).startsWith(Payloads.OPEN_ID + ".");
    mp.verify(
        getRequestedFor(urlPathEqualTo(OAUTH)).withQueryParam("appid", equalTo(Payloads.APP_ID)));

    MultiValueMap<String, String> form = valid();
    form.add("oid", oid);
    String thanks = submit(form, 200);

    assertThat(thanks).contains("提交成功");
    LeadSubmission lead = f.leads().get(0).submission();
    assertThat(lead.openId()).isEqualTo(Payloads.OPEN_ID);
    assertThat(lead.phone()).isEqualTo("13800138000");
    assertThat(lead.sourceId()).isEqualTo("wechat-form");
    assertThat(lead.priority()).isEqualTo(Priority.HOT);
    assertThat(f.outbox.commands(OutboundCommand.SendText.class))
        .singleElement()
        .satisfies(t -> assertThat(t.commandId()).isEqualTo("mp-thanks-" + lead.intakeId()));
  }

  @Test
  void a_failed_oauth_code_still_shows_the_form_without_openid() {
    String html = page("/forms/trial?code=USED&state=form", "MicroMessenger", 200);

    assertThat(hidden(html, "oid")).isEmpty();
  }

  @Test
  void a_code_is_exchanged_once_and_its_answer_reused_for_the_same_client() {
    mp.stubFor(
        get(urlPathEqualTo(OAUTH))
            .withQueryParam("code", equalTo("CODE-RELOAD"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT\",\"expires_in\":7200,\"openid\":\""
                        + Payloads.OPEN_ID
                        + "\",\"scope\":\"snsapi_base\"}")));

    for (int i = 0; i < 3; i++) {
      String html = page("/forms/trial?code=CODE-RELOAD&state=form", "MicroMessenger", 200);
      assertThat(hidden(html, "oid")).startsWith(Payloads.OPEN_ID + ".");
    }

    mp.verify(
        1, getRequestedFor(urlPathEqualTo(OAUTH)).withQueryParam("code", equalTo("CODE-RELOAD")));
  }

  @Test
  void a_code_answered_for_one_client_is_not_handed_to_another() {
    // A page link with ?code= in it, shared: the other person's exchange goes to WeChat.
    mp.stubFor(
        get(urlPathEqualTo(OAUTH))
            .withQueryParam("code", equalTo("CODE-SHARED"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT\",\"expires_in\":7200,\"openid\":\""
                        + Payloads.OPEN_ID
                        + "\",\"scope\":\"snsapi_base\"}")));
    WechatMpSettings settings = Payloads.settings(mp.baseUrl());
    OAuthCodes codes =
        new OAuthCodes(new MpApi(settings, f.tokens, f.clock), f.quotas, settings.limits());

    assertThat(codes.openId(Payloads.APP_ID, "CODE-SHARED", "10.0.0.1").block())
        .isEqualTo(Payloads.OPEN_ID);
    assertThat(codes.openId(Payloads.APP_ID, "CODE-SHARED", "10.0.0.1").block())
        .isEqualTo(Payloads.OPEN_ID);
    codes.openId(Payloads.APP_ID, "CODE-SHARED", "10.0.0.2").block();

    mp.verify(
        2, getRequestedFor(urlPathEqualTo(OAUTH)).withQueryParam("code", equalTo("CODE-SHARED")));
  }

  @Test
  void code_exchanges_past_the_ip_limit_are_not_made_and_the_form_shows_without_openid() {
    mp.stubFor(
        get(urlPathEqualTo(OAUTH))
            .withQueryParam("code", matching("FLOOD-.*"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT\",\"expires_in\":7200,\"openid\":\""
                        + Payloads.OPEN_ID
                        + "\",\"scope\":\"snsapi_base\"}")));

    for (int i = 0; i < 3; i++) {
      assertThat(hidden(page("/forms/trial?code=FLOOD-" + i, "MicroMessenger", 200), "oid"))
          .isNotEmpty();
    }
    for (int i = 3; i < 6; i++) {
      assertThat(hidden(page("/forms/trial?code=FLOOD-" + i, "MicroMessenger", 200), "oid"))
          .isEmpty();
    }

    mp.verify(
        3, getRequestedFor(urlPathEqualTo(OAUTH)).withQueryParam("code", matching("FLOOD-.*")));
  }

  @Test
  void without_openid_the_submission_is_a_lead_and_no_message_is_queued() {
    submit(valid(), 200);

    assertThat(f.leads())
        .singleElement()
        .satisfies(l -> assertThat(l.submission().openId()).isNull());
    assertThat(f.outbox.commands()).isEmpty();
  }

  @Test
  void the_same_rendered_form_submitted_twice_is_one_intake() {
    submit(valid(), 200);
    submit(valid(), 200);

    assertThat(f.leads()).hasSize(1);
  }

  @Test
  void an_invalid_phone_shows_the_chinese_error_and_stores_nothing() {
    MultiValueMap<String, String> form = valid();
    form.set("phone", "12345");

    String html = submit(form, 400);

    assertThat(html).contains("请输入正确的 11 位手机号码", "请检查标红的内容后再提交", "value=\"王先生\"");
    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void required_fields_and_choices_are_checked_on_the_server() {
    MultiValueMap<String, String> form = valid();
    form.set("name", " ");
    form.set("region", "火星");

    String html = submit(form, 400);

    assertThat(html).contains("姓名不能为空", "请从列表中选择所在地区");
    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void a_filled_honeypot_is_rejected_and_stores_nothing() {
    MultiValueMap<String, String> form = valid();
    form.add("website", "http://spam.example");

    assertThat(submit(form, 400)).contains("提交未成功");
    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void a_forged_openid_is_rejected() {
    MultiValueMap<String, String> form = valid();
    form.add("oid", "oSomeoneElse.AAAAAAAAAAAAAAAAAAAAAAAA");

    assertThat(submit(form, 400)).contains("页面已过期");
    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void submissions_past_the_ip_limit_are_refused() {
    for (int i = 0; i < 3; i++) {
      MultiValueMap<String, String> form = valid();
      form.set("sid", "7b0f3f5e-7c52-4c1f-9a53-1b1e5f0b2f1" + i);
      form.set("phone", "1380013800" + i);
      submit(form, 200);
    }
    MultiValueMap<String, String> form = valid();
    form.set("sid", "7b0f3f5e-7c52-4c1f-9a53-1b1e5f0b2f19");

    assertThat(submit(form, 429)).contains("提交过于频繁");
    assertThat(f.leads()).hasSize(3);
  }

  @Test
  void submissions_past_the_openid_limit_are_refused() {
    String oid = hidden(page("/forms/trial?code=CODE-1&state=form", null, 200), "oid");
    for (int i = 0; i < 2; i++) {
      MultiValueMap<String, String> form = valid();
      form.set("sid", "7b0f3f5e-7c52-4c1f-9a53-1b1e5f0b2f1" + i);
      form.add("oid", oid);
      submit(form, 200);
    }
    MultiValueMap<String, String> form = valid();
    form.set("sid", "7b0f3f5e-7c52-4c1f-9a53-1b1e5f0b2f19");
    form.add("oid", oid);

    submit(form, 429);
    assertThat(f.leads()).hasSize(2);
  }

  @Test
  void an_oversized_or_non_form_body_is_rejected() {
    MultiValueMap<String, String> form = valid();
    form.set("message", "长".repeat(20_000));
    submit(form, 413);

    f.web
        .post()
        .uri("/forms/trial")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(415);
    assertThat(f.queue.events()).isEmpty();
  }

  @Test
  void an_unknown_form_is_not_found() {
    assertThat(page("/forms/nosuch", null, 404)).contains("表单不存在");
  }

  @Test
  void when_nothing_can_store_the_lead_the_page_says_so() {
    f.queue.down(true);
    f.fallback.down(true);

    assertThat(submit(valid(), 503)).contains("系统繁忙");
  }
}
