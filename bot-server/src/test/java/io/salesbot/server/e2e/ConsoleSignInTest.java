package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Sign-in to the console with WeCom and DingTalk, end to end: both platforms on, their OAuth and
 * user endpoints played by WireMock; a team of WeCom and DingTalk people and a DingTalk admin. Each
 * flow: start → the redirect to the platform's page with the right parameters and a state in a
 * cookie → the callback with a code → a session cookie → what the role may see.
 */
class ConsoleSignInTest extends EndToEndSupport {
  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
  static final String CORP_ID = "wwsignin" + RUN;
  static final int AGENT_ID = 1000009;
  static final String CLIENT_ID = "dingsignin" + RUN;
  static final String CLIENT_SECRET = "ding-secret-for-sign-in";
  static final String PUBLIC = "https://salesbot.example.com";
  static final String TEAM = "si" + RUN;
  static final String TEAM_NAME = "登录测试组" + RUN;

  static final String MANAGER = "wboss" + RUN;
  static final String REP = "wrep" + RUN;
  static final String DING_REP = "drep" + RUN;
  static final String DING_ADMIN = "dadmin" + RUN;

  static final WireMockServer platforms = startPlatforms();

  private static WireMockServer startPlatforms() {
    WireMockServer server = PlatformFlows.wireMock();
    // WeCom: the app's access token, then code → userid.
    server.stubFor(
        get(urlPathEqualTo("/cgi-bin/gettoken"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"WECOM-APP-TOKEN\",\"expires_in\":7200}")));
    wecomCode(
        server, "W-MANAGER", "{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"" + MANAGER + "\"}");
    wecomCode(server, "W-REP", "{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"" + REP + "\"}");
    wecomCode(
        server, "W-STRANGER", "{\"errcode\":0,\"errmsg\":\"ok\",\"userid\":\"nobody" + RUN + "\"}");
    wecomCode(server, "W-OUTSIDER", "{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"oOUTSIDER\"}");
    wecomCode(server, "W-USED", "{\"errcode\":40029,\"errmsg\":\"invalid code\"}");
    // DingTalk: the app's token, the person's token, their unionId, unionId → userid.
    server.stubFor(
        post(urlPathEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"DING-APP-TOKEN\",\"expireIn\":7200}")));
    server.stubFor(
        post(urlPathEqualTo("/v1.0/card/callbacks/register"))
            .willReturn(okJson("{\"success\":true,\"result\":{}}")));
    dingtalkCode(
        server,
        "D-ADMIN",
        "ADMIN",
        "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"contact_type\":0,\"userid\":\""
            + DING_ADMIN
            + "\"}}");
    dingtalkCode(
        server,
        "D-REP",
        "REP",
        "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"contact_type\":0,\"userid\":\""
            + DING_REP
            + "\"}}");
    dingtalkCode(server, "D-GUEST", "GUEST", "{\"errcode\":60121,\"errmsg\":\"找不到该用户\"}");
    return server;
  }

  private static void wecomCode(WireMockServer server, String code, String answer) {
    server.stubFor(
        get(urlPathEqualTo("/cgi-bin/auth/getuserinfo"))
            .withQueryParam("code", equalTo(code))
            .withQueryParam("access_token", equalTo("WECOM-APP-TOKEN"))
            .willReturn(okJson(answer)));
  }

  private static void dingtalkCode(
      WireMockServer server, String code, String who, String byUnionId) {
    server.stubFor(
        post(urlPathEqualTo("/v1.0/oauth2/userAccessToken"))
            .withRequestBody(equalToJson("{\"code\":\"" + code + "\"}", true, true))
            .willReturn(
                okJson(
                    "{\"accessToken\":\"USER-TOKEN-"
                        + who
                        + "\",\"refreshToken\":\"r\",\"expireIn\":7200,\"corpId\":\"dingcorp\"}")));
    server.stubFor(
        get(urlPathEqualTo("/v1.0/contact/users/me"))
            .withHeader("x-acs-dingtalk-access-token", equalTo("USER-TOKEN-" + who))
            .willReturn(okJson("{\"nick\":\"someone\",\"unionId\":\"UNION-" + who + "\"}")));
    server.stubFor(
        post(urlPathEqualTo("/topapi/user/getbyunionid"))
            .withQueryParam("access_token", equalTo("DING-APP-TOKEN"))
            .withRequestBody(equalToJson("{\"unionid\":\"UNION-" + who + "\"}"))
            .willReturn(okJson(byUnionId)));
  }

  @DynamicPropertySource
  static void platforms(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-console-sign-in");
    registry.add("salesbot.wecom.enabled", () -> "true");
    registry.add("salesbot.wecom.corp-id", () -> CORP_ID);
    registry.add("salesbot.wecom.api-base-url", platforms::baseUrl);
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".secret", () -> "wecom-secret");
    registry.add("salesbot.wecom.apps." + AGENT_ID + ".token", () -> "QDG6eK");
    registry.add(
        "salesbot.wecom.apps." + AGENT_ID + ".aes-key",
        () -> "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");
    registry.add("salesbot.dingtalk.enabled", () -> "true");
    registry.add("salesbot.dingtalk.mode", () -> "http");
    registry.add("salesbot.dingtalk.client-id", () -> CLIENT_ID);
    registry.add("salesbot.dingtalk.client-secret", () -> CLIENT_SECRET);
    registry.add("salesbot.dingtalk.corp-id", () -> "dingcorpsignin");
    registry.add("salesbot.dingtalk.token", () -> "123456");
    registry.add("salesbot.dingtalk.aes-key", () -> "1234567890123456789012345678901234567890123");
    registry.add("salesbot.dingtalk.card-templates.default", () -> "e2e-template.schema");
    registry.add("salesbot.dingtalk.api-base-url", platforms::baseUrl);
    registry.add("salesbot.dingtalk.oapi-base-url", platforms::baseUrl);
    registry.add("salesbot.dingtalk.public-base-url", () -> PUBLIC);
    registry.add("salesbot.dingtalk.card-callback-route-key", () -> "signin" + RUN);
    registry.add("salesbot.dingtalk.card-callback-secret", () -> "card-secret-for-sign-in");
    registry.add("salesbot.console.sign-in[0]", () -> "wecom");
    registry.add("salesbot.console.sign-in[1]", () -> "dingtalk");
    registry.add("salesbot.console.public-base-url", () -> PUBLIC + "/");
    registry.add("salesbot.console.admins[0]", () -> "dingtalk:" + DING_ADMIN);
    String t = "salesbot.teams." + TEAM + ".";
    registry.add(t + "name", () -> TEAM_NAME);
    registry.add(t + "regions[0]", () -> "登录区" + RUN);
    registry.add(t + "manager", () -> "wecom:" + MANAGER);
    registry.add(t + "manager-name", () -> "企微主管");
    registry.add(t + "members[0].id", () -> "wecom:" + REP);
    registry.add(t + "members[0].name", () -> "企微销售");
    registry.add(t + "members[1].id", () -> "dingtalk:" + DING_REP);
    registry.add(t + "members[1].name", () -> "钉钉销售");
  }

  /** The redirect to the platform: its address, its query and the state cookie set with it. */
  record Started(URI location, Map<String, String> query, ResponseCookie stateCookie) {
    String state() {
      return query.get("state");
    }
  }

  private Started start(String platform, String userAgent) {
    EntityExchangeResult<byte[]> result =
        http.get()
            .uri("/console/login/" + platform)
            .header("User-Agent", userAgent)
            .exchange()
            .expectStatus()
            .isSeeOther()
            .expectBody()
            .returnResult();
    URI location = result.getResponseHeaders().getLocation();
    ResponseCookie cookie = result.getResponseCookies().getFirst("SALESBOT_CONSOLE_STATE");
    assertThat(cookie).as("the state cookie").isNotNull();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/console");
    assertThat(cookie.getMaxAge().toMinutes()).isEqualTo(10);
    Started started = new Started(location, query(location.getRawQuery()), cookie);
    assertThat(started.state()).hasSizeGreaterThanOrEqualTo(43).isEqualTo(cookie.getValue());
    return started;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The platform sends the browser back: {@code query} after the callback path. */
  private EntityExchangeResult<String> callback(String platform, String query, String stateCookie) {
    var request = http.get().uri("/console/login/" + platform + "/callback?" + query);
    if (stateCookie != null) {
      request = request.cookie("SALESBOT_CONSOLE_STATE", stateCookie);
    }
    return request.exchange().expectBody(String.class).returnResult();
  }

  /** Signs in through the whole flow and answers the session cookie. */
  private String signIn(String platform, String codeParameter, String code) {
    Started started = start(platform, "Mozilla/5.0");
    EntityExchangeResult<String> back =
        callback(
            platform, codeParameter + "=" + code + "&state=" + started.state(), started.state());
    assertThat(back.getStatus().value()).as(back.getResponseBody()).isEqualTo(303);
    assertThat(back.getResponseHeaders().getLocation()).hasToString("/console/");
    ResponseCookie session = back.getResponseCookies().getFirst("SALESBOT_CONSOLE");
    assertThat(session).as("a session cookie").isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(back.getResponseCookies().getFirst("SALESBOT_CONSOLE_STATE").getMaxAge()).isZero();
    return session.getValue();
  }

  private EntityExchangeResult<String> page(String path, String session) {
    return http.get()
        .uri(path)
        .cookie("SALESBOT_CONSOLE", session)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private static void assertNoSession(EntityExchangeResult<String> result) {
    assertThat(result.getResponseCookies().getFirst("SALESBOT_CONSOLE")).isNull();
  }

  @Test
  void the_sign_in_page_offers_the_configured_platforms() {
    String html =
        http.get()
            .uri("/console/login")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(html)
        .contains("href=\"/console/login/wecom\"")
        .contains("企业微信登录")
        .contains("href=\"/console/login/dingtalk\"")
        .contains("钉钉登录");
  }

  @Test
  void a_wecom_manager_signs_in_by_qr_code_and_sees_their_team() {
    Started started = start("wecom", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120");
    assertThat(
            started.location().getScheme()
                + "://"
                + started.location().getHost()
                + started.location().getPath())
        .isEqualTo("https://login.work.weixin.qq.com/wwlogin/sso/login");
    assertThat(started.query())
        .containsEntry("login_type", "CorpApp")
        .containsEntry("appid", CORP_ID)
        .containsEntry("agentid", Integer.toString(AGENT_ID))
        .containsEntry("redirect_uri", PUBLIC + "/console/login/wecom/callback");

    EntityExchangeResult<String> back =
        callback("wecom", "code=W-MANAGER&state=" + started.state(), started.state());
    assertThat(back.getStatus().value()).isEqualTo(303);
    String session = back.getResponseCookies().getFirst("SALESBOT_CONSOLE").getValue();
    platforms.verify(
        getRequestedFor(urlPathEqualTo("/cgi-bin/auth/getuserinfo"))
            .withQueryParam("code", equalTo("W-MANAGER"))
            .withQueryParam("access_token", equalTo("WECOM-APP-TOKEN")));

    EntityExchangeResult<String> home = page("/console/", session);
    assertThat(home.getStatus().value()).isEqualTo(200);
    assertThat(home.getResponseBody()).contains("企微主管").contains("主管").contains("/console/teams");
    EntityExchangeResult<String> teams = page("/console/teams", session);
    assertThat(teams.getStatus().value()).isEqualTo(200);
    assertThat(teams.getResponseBody())
        .contains(TEAM_NAME)
        .contains("线索池待抢")
        .doesNotContain("华东销售一组");
  }

  @Test
  void inside_the_wecom_client_sign_in_uses_oauth2_web_authorization() {
    Started started =
        start("wecom", "Mozilla/5.0 (iPhone) AppleWebKit MicroMessenger/8.0 wxwork/4.1.0");
    assertThat(started.location().toString())
        .startsWith("https://open.weixin.qq.com/connect/oauth2/authorize?")
        .endsWith("#wechat_redirect");
    assertThat(started.query())
        .containsEntry("appid", CORP_ID)
        .containsEntry("redirect_uri", PUBLIC + "/console/login/wecom/callback")
        .containsEntry("response_type", "code")
        .containsEntry("scope", "snsapi_base")
        .containsEntry("agentid", Integer.toString(AGENT_ID));
  }

  @Test
  void a_rep_signed_in_with_wecom_gets_403_on_the_managers_page() {
    String session = signIn("wecom", "code", "W-REP");
    assertThat(page("/console/", session).getStatus().value()).isEqualTo(200);
    EntityExchangeResult<String> teams = page("/console/teams", session);
    assertThat(teams.getStatus().value()).isEqualTo(403);
    assertThat(teams.getResponseBody()).contains("此页面仅对主管和管理员开放").doesNotContain(TEAM_NAME);
  }

  @Test
  void a_dingtalk_admin_signs_in_and_sees_every_team() {
    Started started = start("dingtalk", "Mozilla/5.0");
    assertThat(
            started.location().getScheme()
                + "://"
                + started.location().getHost()
                + started.location().getPath())
        .isEqualTo("https://login.dingtalk.com/oauth2/auth");
    assertThat(started.query())
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", PUBLIC + "/console/login/dingtalk/callback")
        .containsEntry("response_type", "code")
        .containsEntry("scope", "openid")
        .containsEntry("prompt", "consent");

    EntityExchangeResult<String> back =
        callback("dingtalk", "authCode=D-ADMIN&state=" + started.state(), started.state());
    assertThat(back.getStatus().value()).as(back.getResponseBody()).isEqualTo(303);
    String session = back.getResponseCookies().getFirst("SALESBOT_CONSOLE").getValue();
    platforms.verify(
        postRequestedFor(urlPathEqualTo("/v1.0/oauth2/userAccessToken"))
            .withRequestBody(
                equalToJson(
                    "{\"clientId\":\""
                        + CLIENT_ID
                        + "\",\"clientSecret\":\""
                        + CLIENT_SECRET
                        + "\",\"code\":\"D-ADMIN\",\"grantType\":\"authorization_code\"}")));
    platforms.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/contact/users/me"))
            .withHeader("x-acs-dingtalk-access-token", equalTo("USER-TOKEN-ADMIN")));
    platforms.verify(
        postRequestedFor(urlPathEqualTo("/topapi/user/getbyunionid"))
            .withRequestBody(containing("UNION-ADMIN")));

    EntityExchangeResult<String> teams = page("/console/teams", session);
    assertThat(teams.getStatus().value()).isEqualTo(200);
    assertThat(teams.getResponseBody()).contains(TEAM_NAME).contains("华东销售一组").contains("管理员");
  }

  @Test
  void a_dingtalk_rep_signs_in_as_a_rep() {
    String session = signIn("dingtalk", "authCode", "D-REP");
    assertThat(page("/console/", session).getResponseBody()).contains("钉钉销售").contains("销售");
    assertThat(page("/console/teams", session).getStatus().value()).isEqualTo(403);
  }

  @Test
  void a_wrong_missing_or_reused_state_signs_nobody_in() {
    Started started = start("wecom", "Mozilla/5.0");
    // Another browser's state (or a forged callback): not this browser's cookie.
    EntityExchangeResult<String> wrong =
        callback("wecom", "code=W-MANAGER&state=" + started.state(), ConsoleCookie.other());
    assertThat(wrong.getStatus().value()).isEqualTo(400);
    assertThat(wrong.getResponseBody()).contains("登录请求已过期或无效");
    assertNoSession(wrong);
    // No cookie at all.
    EntityExchangeResult<String> none =
        callback("wecom", "code=W-MANAGER&state=" + started.state(), null);
    assertThat(none.getStatus().value()).isEqualTo(400);
    assertNoSession(none);
    // A state made up to match a made-up cookie: never issued.
    String madeUp = ConsoleCookie.other();
    EntityExchangeResult<String> forged =
        callback("wecom", "code=W-MANAGER&state=" + madeUp, madeUp);
    assertThat(forged.getStatus().value()).isEqualTo(400);
    assertNoSession(forged);
    // The state of a DingTalk sign-in is no WeCom state.
    Started ding = start("dingtalk", "Mozilla/5.0");
    EntityExchangeResult<String> crossed =
        callback("wecom", "code=W-MANAGER&state=" + ding.state(), ding.state());
    assertThat(crossed.getStatus().value()).isEqualTo(400);
    assertNoSession(crossed);

    // The right one works once; played again it is spent.
    String query = "code=W-MANAGER&state=" + started.state();
    assertThat(callback("wecom", query, started.state()).getStatus().value()).isEqualTo(303);
    EntityExchangeResult<String> replay = callback("wecom", query, started.state());
    assertThat(replay.getStatus().value()).isEqualTo(400);
    assertNoSession(replay);
  }

  @Test
  void an_error_callback_signs_nobody_in_and_spends_the_state() {
    Started started = start("dingtalk", "Mozilla/5.0");
    EntityExchangeResult<String> denied =
        callback("dingtalk", "error=access_denied&state=" + started.state(), started.state());
    assertThat(denied.getStatus().value()).isEqualTo(400);
    assertThat(denied.getResponseBody()).contains("取消了授权");
    assertNoSession(denied);
    EntityExchangeResult<String> after =
        callback("dingtalk", "authCode=D-ADMIN&state=" + started.state(), started.state());
    assertThat(after.getStatus().value()).isEqualTo(400);
    assertNoSession(after);
  }

  @Test
  void people_salesbot_does_not_know_are_refused_with_403() {
    for (List<String> who :
        List.of(
            List.of("wecom", "code", "W-STRANGER", "不在销售助手的团队名单中"),
            List.of("wecom", "code", "W-OUTSIDER", "不是本企业/组织的成员"),
            List.of("dingtalk", "authCode", "D-GUEST", "不是本企业/组织的成员"))) {
      Started started = start(who.get(0), "Mozilla/5.0");
      EntityExchangeResult<String> back =
          callback(
              who.get(0),
              who.get(1) + "=" + who.get(2) + "&state=" + started.state(),
              started.state());
      assertThat(back.getStatus().value()).as(who.toString()).isEqualTo(403);
      assertThat(back.getResponseBody()).contains(who.get(3));
      assertNoSession(back);
    }
  }

  @Test
  void a_code_the_platform_refuses_is_a_clear_page_and_no_session() {
    Started started = start("wecom", "Mozilla/5.0");
    EntityExchangeResult<String> back =
        callback("wecom", "code=W-USED&state=" + started.state(), started.state());
    assertThat(back.getStatus().value()).isEqualTo(502);
    assertThat(back.getResponseBody()).contains("暂时无法向企业微信或钉钉确认你的身份");
    assertNoSession(back);
  }

  @Test
  void anonymous_visitors_are_sent_to_sign_in() {
    http.get()
        .uri("/console/teams")
        .exchange()
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/console/login");
  }

  @Test
  void the_try_out_picker_maps_demo_users_to_their_roles() {
    // The sandbox stays on by name in the test profile: its manager 赵六 is a manager here too.
    EntityExchangeResult<String> login =
        http.get().uri("/console/login").exchange().expectBody(String.class).returnResult();
    String token = ConsoleCookie.csrfIn(login.getResponseBody());
    String cookie = login.getResponseCookies().getFirst("SALESBOT_CONSOLE_LOGIN").getValue();
    var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
    form.add("_csrf", token);
    form.add("user", "zhaoliu");
    String session =
        http.post()
            .uri("/console/login")
            .cookie("SALESBOT_CONSOLE_LOGIN", cookie)
            .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(form))
            .exchange()
            .expectStatus()
            .isSeeOther()
            .expectBody()
            .returnResult()
            .getResponseCookies()
            .getFirst("SALESBOT_CONSOLE")
            .getValue();
    EntityExchangeResult<String> teams = page("/console/teams", session);
    assertThat(teams.getStatus().value()).isEqualTo(200);
    assertThat(teams.getResponseBody()).contains("华东销售一组").doesNotContain(TEAM_NAME);
  }

  /** Made-up values and the page's CSRF field. */
  static final class ConsoleCookie {
    private ConsoleCookie() {}

    static String other() {
      return "made-up-" + java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
    }

    static String csrfIn(String html) {
      var m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
      assertThat(m.find()).isTrue();
      return m.group(1);
    }
  }
}
