package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import me.chanjar.weixin.common.util.crypto.SHA1;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The official account on, pointed at WireMock standing in for {@code api.weixin.qq.com} (access
 * token, customer-service message, OAuth code, QR code). One context for every test class that
 * extends this.
 */
abstract class WechatMpSupport extends EndToEndSupport {
  static final String APP_ID = "wxe2e0000000000001";
  static final String TOKEN = "e2etoken";
  static final String KEFU = "/cgi-bin/message/custom/send";

  static final WireMockServer mp = startApi();

  private static WireMockServer startApi() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    server.stubFor(
        get(urlPathEqualTo("/cgi-bin/token"))
            .willReturn(okJson("{\"access_token\":\"E2E-MP-TOKEN\",\"expires_in\":7200}")));
    server.stubFor(
        post(urlPathEqualTo(KEFU)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    server.stubFor(
        post(urlPathEqualTo("/cgi-bin/qrcode/create"))
            .willReturn(
                okJson(
                    "{\"ticket\":\"gQE-E2E-TICKET\",\"expire_seconds\":604800,\"url\":\"http://weixin.qq.com/q/e2e\"}")));
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    return server;
  }

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void wechatMp(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-mp");
    String p = "salesbot.wechat-mp.";
    registry.add(p + "enabled", () -> "true");
    registry.add(p + "api-base-url", mp::baseUrl);
    registry.add(p + "public-base-url", () -> "https://leads.example.com");
    registry.add(p + "accounts." + APP_ID + ".secret", () -> "e2e-secret");
    registry.add(p + "accounts." + APP_ID + ".token", () -> TOKEN);
    registry.add(p + "campaigns.expo2026.source", () -> "wechat-expo");
    registry.add(p + "campaigns.expo2026.name", () -> "2026 上海展会");
    registry.add(p + "campaigns.expo2026.region", () -> "华东");
    registry.add(p + "campaigns.expo2026.product", () -> "CRM");
    registry.add(p + "campaigns.expo2026.priority", () -> "HOT");
    registry.add(p + "forms.trial.app-id", () -> APP_ID);
    registry.add(p + "forms.trial.source", () -> "wechat-form");
    registry.add(p + "forms.trial.title", () -> "免费试用申请");
    registry.add(p + "forms.trial.intro", () -> "留下联系方式，顾问 1 个工作日内联系您");
    registry.add(p + "forms.trial.fields", () -> "name,phone,company,region,product,message");
    registry.add(p + "forms.trial.regions", () -> "华东,华北,华南");
    registry.add(p + "forms.trial.products", () -> "CRM,ERP");
    registry.add(p + "rate-per-ip", () -> "1000");
  }

  static String randomOpenId() {
    return "oE2E" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /** Makes WireMock answer the OAuth {@code code} with {@code openId}. */
  static void oauthCode(String code, String openId) {
    mp.stubFor(
        get(urlPathEqualTo("/sns/oauth2/access_token"))
            .withQueryParam("code", equalTo(code))
            .willReturn(
                okJson(
                    "{\"access_token\":\"AT\",\"expires_in\":7200,\"refresh_token\":\"RT\",\"openid\":\""
                        + openId
                        + "\",\"scope\":\"snsapi_base\"}")));
  }

  URI local(String pathAndQuery) {
    return URI.create("http://localhost:" + port + pathAndQuery);
  }

  /** Posts a signed plain-mode callback; answers the body. */
  String callback(String xml) {
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    byte[] body =
        http.post()
            .uri(
                local(
                    "/callbacks/wechat-mp/"
                        + APP_ID
                        + "?signature="
                        + SHA1.gen(TOKEN, ts, nonce)
                        + "&timestamp="
                        + ts
                        + "&nonce="
                        + nonce))
            .contentType(MediaType.TEXT_XML)
            .bodyValue(xml)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  static String event(String openId, String event, String key, long createTime) {
    return "<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA["
        + openId
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
        + event
        + "]]></Event><EventKey><![CDATA["
        + key
        + "]]></EventKey></xml>";
  }

  static String text(String openId, String content, long msgId) {
    return "<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA["
        + openId
        + "]]></FromUserName><CreateTime>"
        + System.currentTimeMillis() / 1000
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  /** Customer-service messages WireMock received for {@code openId}. */
  static List<LoggedRequest> kefuTo(String openId) {
    return mp.findAll(postRequestedFor(urlPathEqualTo(KEFU))).stream()
        .filter(r -> r.getBodyAsString().contains("\"touser\":\"" + openId + "\""))
        .toList();
  }

  List<Map<String, Object>> rows(String sql, Map<String, Object> binds) {
    DatabaseClient.GenericExecuteSpec spec = DatabaseClient.create(connectionFactory).sql(sql);
    for (Map.Entry<String, Object> e : binds.entrySet()) {
      spec = spec.bind(e.getKey(), e.getValue());
    }
    return spec.fetch().all().collectList().block();
  }

  List<Map<String, Object>> leadsOf(String openId) {
    return rows(
        "SELECT id, status, phone, name, source_id, team_id FROM leads WHERE open_id = :o ORDER BY created_at",
        Map.of("o", openId));
  }

  long intakesOf(String leadId) {
    return (Long)
        rows("SELECT count(*) AS n FROM lead_intakes WHERE lead_id = :l", Map.of("l", leadId))
            .get(0)
            .get("n");
  }
}
