package io.salesbot.server.e2e;

import static io.salesbot.server.e2e.ConsoleSessionsForTests.csrfIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.server.e2e.ConsoleSessionsForTests.Browser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The web console's sign-in, session cookie, CSRF protection, sign-out and live events, over the
 * running app in try-out mode (the sandbox on).
 */
class ConsoleTest extends EndToEndSupport {

  private EntityExchangeResult<String> loginPage() {
    return http.get()
        .uri("/console/login")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult();
  }

  private EntityExchangeResult<byte[]> signInAs(String userId, String cookie, String token) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("_csrf", token);
    form.add("user", userId);
    return http.post()
        .uri("/console/login")
        .cookie("SALESBOT_CONSOLE_LOGIN", cookie)
        .body(BodyInserters.fromFormData(form))
        .exchange()
        .expectBody()
        .returnResult();
  }

  private Browser signIn(String userId) {
    return ConsoleSessionsForTests.browser(http, userId);
  }

  @Test
  void anonymous_pages_redirect_to_sign_in_and_console_api_answers_401() {
    for (String page : new String[] {"/console", "/console/", "/console/emulator"}) {
      http.get()
          .uri(page)
          .exchange()
          .expectStatus()
          .isSeeOther()
          .expectHeader()
          .location("/console/login");
    }
    http.get()
        .uri("/console/api/events?users=zhangsan")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("sign in at /console/login");
    http.post()
        .uri("/console/api/demo-lead")
        .cookie("SALESBOT_CONSOLE", "made-up-session")
        .header("X-CSRF-Token", "made-up")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void the_sign_in_page_lists_the_sandbox_users_in_chinese_and_in_english_on_request() {
    EntityExchangeResult<String> page = loginPage();
    assertThat(page.getResponseBody())
        .contains("<html lang=\"zh-CN\">", "华东销售一组", "张三", "李四", "赵六", "主管")
        .doesNotContain("Sign in as");
    assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy"))
        .contains("default-src 'self'");
    ResponseCookie cookie = page.getResponseCookies().getFirst("SALESBOT_CONSOLE_LOGIN");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/console");

    String english =
        http.get()
            .uri("/console/login?lang=en")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(english).contains("<html lang=\"en\">", "Sign in as 张三");
  }

  @Test
  void signing_in_without_the_csrf_token_or_with_another_is_refused_with_403() {
    EntityExchangeResult<String> page = loginPage();
    String cookie = page.getResponseCookies().getFirst("SALESBOT_CONSOLE_LOGIN").getValue();
    http.post()
        .uri("/console/login")
        .cookie("SALESBOT_CONSOLE_LOGIN", cookie)
        .body(BodyInserters.fromFormData("user", "zhangsan"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.SET_COOKIE);
    EntityExchangeResult<byte[]> forged = signInAs("zhangsan", cookie, "forged-token");
    assertThat(forged.getStatus().value()).isEqualTo(403);
    assertThat(forged.getResponseCookies()).doesNotContainKey("SALESBOT_CONSOLE");
  }

  @Test
  void signing_in_sets_an_httponly_samesite_session_cookie_and_unknown_users_are_refused() {
    EntityExchangeResult<String> page = loginPage();
    String cookie = page.getResponseCookies().getFirst("SALESBOT_CONSOLE_LOGIN").getValue();
    String token = csrfIn(page.getResponseBody());

    EntityExchangeResult<byte[]> unknown = signInAs("nobody", cookie, token);
    assertThat(unknown.getStatus().value()).isEqualTo(400);
    assertThat(new String(unknown.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("找不到这位沙盒用户");

    EntityExchangeResult<byte[]> signedIn = signInAs("lisi", cookie, token);
    assertThat(signedIn.getStatus().value()).isEqualTo(303);
    assertThat(signedIn.getResponseHeaders().getLocation()).hasToString("/console/");
    ResponseCookie session = signedIn.getResponseCookies().getFirst("SALESBOT_CONSOLE");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.isSecure()).as("plain http here; Secure behind https").isFalse();
    assertThat(session.getValue()).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(cookie);

    http.get()
        .uri("/console/")
        .cookie("SALESBOT_CONSOLE", session.getValue())
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .cacheControl(org.springframework.http.CacheControl.noStore())
        .expectBody(String.class)
        .value(html -> assertThat(html).contains("李四", "销售", "退出登录"));
  }

  @Test
  void a_console_post_without_the_sessions_csrf_token_is_refused_with_403() {
    Browser browser = signIn("zhangsan");
    http.post()
        .uri("/console/api/demo-lead")
        .cookie("SALESBOT_CONSOLE", browser.session())
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://salesbot.io/problems/csrf");
    // Another session's token is no better.
    Browser other = signIn("lisi");
    http.post()
        .uri("/console/api/demo-lead")
        .cookie("SALESBOT_CONSOLE", browser.session())
        .header("X-CSRF-Token", other.csrf())
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void signing_out_ends_the_session_and_its_cookie() {
    Browser browser = signIn("wangwu");
    http.post()
        .uri("/console/logout")
        .cookie("SALESBOT_CONSOLE", browser.session())
        .body(BodyInserters.fromFormData("user", "x"))
        .exchange()
        .expectStatus()
        .isForbidden();

    EntityExchangeResult<byte[]> out =
        http.post()
            .uri("/console/logout")
            .cookie("SALESBOT_CONSOLE", browser.session())
            .body(BodyInserters.fromFormData("_csrf", browser.csrf()))
            .exchange()
            .expectStatus()
            .isSeeOther()
            .expectHeader()
            .location("/console/login")
            .expectBody()
            .returnResult();
    assertThat(out.getResponseCookies().getFirst("SALESBOT_CONSOLE").getMaxAge()).isZero();

    http.get()
        .uri("/console/emulator")
        .cookie("SALESBOT_CONSOLE", browser.session())
        .exchange()
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/console/login");
  }

  @Test
  void a_demo_lead_goes_through_the_pipeline_and_the_event_stream_tells_of_the_new_card() {
    Browser browser = signIn("zhangsan");
    Flux<ServerSentEvent<String>> events =
        http.get()
            .uri("/console/api/events?users=zhangsan,lisi")
            .cookie("SALESBOT_CONSOLE", browser.session())
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .getResponseBody();

    String[] leadId = new String[1];
    StepVerifier.create(events.filter(e -> e.event() != null))
        .assertNext(e -> assertThat(e.event()).isEqualTo("ready"))
        .then(
            () -> {
              Map<String, Object> accepted =
                  http.post()
                      .uri("/console/api/demo-lead")
                      .cookie("SALESBOT_CONSOLE", browser.session())
                      .header("X-CSRF-Token", browser.csrf())
                      .exchange()
                      .expectStatus()
                      .isAccepted()
                      .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                      .returnResult()
                      .getResponseBody();
              leadId[0] = (String) accepted.get("leadId");
            })
        .thenConsumeWhile(e -> !"inbox".equals(e.event()))
        .assertNext(
            e -> {
              assertThat(e.event()).isEqualTo("inbox");
              assertThat(e.data()).isIn("zhangsan", "lisi");
            })
        .thenCancel()
        .verify(Duration.ofSeconds(30));

    Map<String, Object> card = awaitItem("zhangsan", card("lead-" + leadId[0], "LEAD_OFFER"));
    assertThat((String) card.get("title")).startsWith("新线索：");
    Map<String, Object> lead =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> lead(leadId[0]), l -> "POOLED".equals(l.get("status")));
    assertThat(lead).containsEntry("team", "east").containsEntry("priority", "HOT");
    assertThat(lead.get("source")).isEqualTo("console");
  }

  @Test
  void the_event_stream_refuses_users_it_does_not_know() {
    Browser browser = signIn("zhangsan");
    http.get()
        .uri("/console/api/events?users=zhangsan,nobody")
        .cookie("SALESBOT_CONSOLE", browser.session())
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://salesbot.io/problems/invalid-users");
  }
}
