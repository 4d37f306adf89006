package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console while PostgreSQL does not answer (frozen with SIGSTOP, as in {@link
 * PostgresOutageTest}): a signed-in manager's pages answer 503 with a short Chinese page, and the
 * dashboards' JSON a 503 problem — never a stack trace, never a page that never comes — and both
 * work again once PostgreSQL is back. Sessions live in Redis, so the person stays signed in.
 */
class ConsoleDatabaseOutageTest extends EndToEndSupport {
  private static final String FUNNEL = "/console/api/dashboard/east/funnel?period=30d";

  @Test
  void pages_answer_503_in_chinese_and_the_api_a_problem_while_postgres_is_frozen() {
    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    // Longer than the console's own bound, so the console's answer is what the test sees.
    WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();

    try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
      String html =
          get(patient, manager, "/console/me")
              .expectStatus()
              .isEqualTo(503)
              .expectHeader()
              .valueEquals("Retry-After", "5")
              .expectHeader()
              .contentTypeCompatibleWith(MediaType.TEXT_HTML)
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(html)
          .contains("<html lang=\"zh-CN\"", "暂时无法访问数据库", "本页面无法显示，操作也未执行")
          .doesNotContain("Exception", "at io.", "Whitelabel");

      Map<String, Object> problem =
          get(patient, manager, FUNNEL)
              .expectStatus()
              .isEqualTo(503)
              .expectHeader()
              .contentType(MediaType.APPLICATION_PROBLEM_JSON)
              .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
              .returnResult()
              .getResponseBody();
      assertThat(problem)
          .containsEntry("status", 503)
          .containsEntry("instance", "/console/api/dashboard/east/funnel");
      assertThat(String.valueOf(problem.get("type"))).endsWith("unavailable");
      assertThat(String.valueOf(problem.get("detail"))).contains("database");
    }

    // Back: the same session reads the same pages.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> get(patient, manager, "/console/me").expectStatus().isOk());
    get(patient, manager, FUNNEL).expectStatus().isOk();
  }

  private static WebTestClient.ResponseSpec get(WebTestClient http, String session, String path) {
    return http.get().uri(path).cookie("SALESBOT_CONSOLE", session).exchange();
  }
}
