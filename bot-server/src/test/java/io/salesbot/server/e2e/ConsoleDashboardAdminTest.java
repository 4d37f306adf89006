package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.TestPropertySource;

/**
 * An admin ({@code salesbot.console.admins}: 吴十, otherwise a rep of 华南销售组) sees every team's
 * dashboard and picks the team; the same app otherwise as {@link ConsoleDashboardTest}.
 */
@TestPropertySource(properties = "salesbot.console.admins=sandbox:wushi")
class ConsoleDashboardAdminTest extends EndToEndSupport {

  @Test
  @SuppressWarnings("unchecked")
  void an_admin_sees_every_teams_dashboard_and_picks_the_team() {
    String admin = ConsoleSessionsForTests.signIn(http, "wushi");
    Map<String, Object> teams =
        http.get()
            .uri("/console/api/dashboard/teams")
            .cookie("SALESBOT_CONSOLE", admin)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat((List<Map<String, Object>>) teams.get("teams"))
        .extracting(t -> t.get("id"))
        .contains("east", "south", "bulk", "fu", "rr");
    for (String team : List.of("east", "south", "bulk")) {
      for (String part : List.of("funnel", "kpis", "stalled", "sla", "scores")) {
        http.get()
            .uri("/console/api/dashboard/{t}/{p}", team, part)
            .cookie("SALESBOT_CONSOLE", admin)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.team.id")
            .isEqualTo(team);
      }
    }
    String page =
        http.get()
            .uri("/console/dashboard?team=south&period=7d")
            .cookie("SALESBOT_CONSOLE", admin)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(page)
        .contains("团队看板 · 华南销售组")
        .contains("<option value=\"south\" selected>华南销售组</option>")
        .contains("<option value=\"east\">华东销售一组</option>")
        .contains("<option value=\"7d\" selected>近7天</option>");
  }
}
