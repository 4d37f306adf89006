package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** Signs a sandbox user in to the console through the try-out picker, as a browser would. */
final class ConsoleSessionsForTests {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private ConsoleSessionsForTests() {}

  /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
  record Browser(String session, String csrf) {}

  /** The CSRF token of the first form in {@code html}. */
  static String csrfIn(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF field in the page").isTrue();
    return m.group(1);
  }

  /** Signs {@code userId} in and reads the CSRF token from the home page, as a browser holds it. */
  static Browser browser(WebTestClient http, String userId) {
    String session = signIn(http, userId);
    return new Browser(session, csrfIn(page(http, session, "/console/")));
  }

  /** The page at {@code path} as the session's browser gets it (200 expected). */
  static String page(WebTestClient http, String session, String path) {
    return http.get()
        .uri(path)
        .cookie("SALESBOT_CONSOLE", session)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  /** The session cookie's value after signing in as {@code userId}. */
  static String signIn(WebTestClient http, String userId) {
    EntityExchangeResult<String> page =
        http.get()
            .uri("/console/login")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
    String loginCookie = page.getResponseCookies().getFirst("SALESBOT_CONSOLE_LOGIN").getValue();
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("_csrf", csrfIn(page.getResponseBody()));
    form.add("user", userId);
    EntityExchangeResult<byte[]> signedIn =
        http.post()
            .uri("/console/login")
            .cookie("SALESBOT_CONSOLE_LOGIN", loginCookie)
            .body(BodyInserters.fromFormData(form))
            .exchange()
            .expectStatus()
            .isSeeOther()
            .expectBody()
            .returnResult();
    return signedIn.getResponseCookies().getFirst("SALESBOT_CONSOLE").getValue();
  }
}
