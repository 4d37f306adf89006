package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

/**
 * The managers' dashboards over the running app in try-out mode: who may see which team (anonymous
 * → sign-in or 401, a rep → 403, a manager → their own teams only), and figures equal to what
 * {@code /funnel} and {@code /kpi} answer in the sandbox chat for the same data.
 */
class ConsoleDashboardTest extends EndToEndSupport {

  private Map<String, Object> api(String session, String path) {
    return http.get()
        .uri(path)
        .cookie("SALESBOT_CONSOLE", session)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private String page(String session, String path) {
    return ConsoleSessionsForTests.page(http, session, path);
  }

  private void problem(String session, String path, int status, String type) {
    var spec = http.get().uri(path);
    if (session != null) {
      spec = spec.cookie("SALESBOT_CONSOLE", session);
    }
    spec.exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(status)
        .jsonPath("$.type")
        .value(t -> assertThat(t.toString()).endsWith(type));
  }

  @Test
  void anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401() {
    http.get()
        .uri("/console/dashboard")
        .exchange()
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/console/login");
    for (String part : List.of("funnel", "kpis", "stalled", "sla", "scores")) {
      problem(null, "/console/api/dashboard/east/" + part, 401, "unauthenticated");
    }
    problem(null, "/console/api/dashboard/teams", 401, "unauthenticated");
  }

  @Test
  void a_rep_gets_403_on_the_dashboard_and_every_dashboard_api() {
    String rep = ConsoleSessionsForTests.signIn(http, "zhangsan");
    String page =
        http.get()
            .uri("/console/dashboard")
            .cookie("SALESBOT_CONSOLE", rep)
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(page).contains("此页面仅对主管和管理员开放").doesNotContain("销售漏斗");
    problem(rep, "/console/api/dashboard/teams", 403, "managers-only");
    for (String part : List.of("funnel", "kpis", "stalled", "sla", "scores")) {
      // even their own team's
      problem(rep, "/console/api/dashboard/east/" + part, 403, "managers-only");
    }
  }

  @Test
  void a_manager_sees_their_own_teams_only() {
    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    assertThat(api(manager, "/console/api/dashboard/teams").get("teams"))
        .isEqualTo(List.of(Map.of("id", "east", "name", "华东销售一组")));
    for (String part : List.of("funnel", "kpis", "stalled", "sla", "scores")) {
      assertThat(api(manager, "/console/api/dashboard/east/" + part).get("team"))
          .isEqualTo(Map.of("id", "east", "name", "华东销售一组"));
      problem(manager, "/console/api/dashboard/south/" + part, 403, "not-your-team");
      problem(manager, "/console/api/dashboard/nosuchteam/" + part, 404, "unknown-team");
    }
    problem(manager, "/console/api/dashboard/east/funnel?period=yesterday", 400, "bad-period");
    problem(manager, "/console/api/dashboard/east/sla?days=3", 400, "bad-days");
    problem(manager, "/console/api/dashboard/east/scores?month=2999-01", 400, "bad-month");

    String page = page(manager, "/console/dashboard");
    assertThat(page)
        .contains("团队看板 · 华东销售一组", "id=\"table-funnel\"", "data-chart=\"funnel\"")
        .contains("/console/assets/vendor/echarts.min.js")
        .doesNotContain("华南销售组");
    http.get()
        .uri("/console/dashboard?team=south")
        .cookie("SALESBOT_CONSOLE", manager)
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("你不负责这个团队").doesNotContain("华南销售组 ·"));
    http.get()
        .uri("/console/dashboard?team=nosuchteam")
        .cookie("SALESBOT_CONSOLE", manager)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void echarts_is_served_from_the_jar_under_the_consoles_unchanged_policy() {
    http.mutate()
        .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
        .build()
        .get()
        .uri("/console/assets/vendor/echarts.min.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith("text/javascript")
        .expectHeader()
        .valueEquals(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
                + " frame-ancestors 'none'; form-action 'self'")
        .expectBody(String.class)
        .value(js -> assertThat(js).contains("echarts").hasSizeGreaterThan(500_000));
  }

  /** Submits a lead in 华东 and has 张三 claim it: a deal in the first stage of team east. */
  private String claimedDeal() {
    String intakeId =
        submit("{\"name\":\"看板先生\",\"phone\":\"+86 " + randomPhone() + "\",\"region\":\"华东\"}");
    String leadId =
        (String)
            await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
                .get("id");
    awaitItem("zhangsan", card("lead-" + leadId, "LEAD_OFFER"));
    act("zhangsan", "lead-" + leadId, "claim", leadId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "初步接触".equals(l.get("stage")));
    return leadId;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  /** Asks the sandbox chat {@code text} as 赵六 and returns the new REPORT card titled so. */
  private Map<String, Object> report(String text, String titleStart) {
    Set<Object> before = new HashSet<>();
    inbox("zhaoliu").forEach(i -> before.add(i.get("cardId")));
    http.post()
        .uri("/sandbox/users/{u}/messages", "zhaoliu")
        .bodyValue(Map.of("text", text))
        .exchange()
        .expectStatus()
        .isAccepted();
    return awaitItem(
        "zhaoliu",
        i ->
            "REPORT".equals(i.get("type"))
                && !before.contains(i.get("cardId"))
                && i.get("title").toString().startsWith(titleStart));
  }

  private static String field(Map<String, Object> card, String label) {
    return list(card.get("elements")).stream()
        .filter(e -> label.equals(e.get("label")))
        .map(e -> e.get("value").toString())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + label + " in " + card));
  }

  private static String percent(Object rate) {
    return rate == null ? "-" : rate + "%";
  }

  @Test
  void funnel_figures_equal_the_chats_funnel_and_count_the_deals_the_test_created() {
    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    String path = "/console/api/dashboard/east/funnel?period=30d";
    long before = ((Number) list(api(manager, path).get("stages")).get(0).get("now")).longValue();
    claimedDeal();
    claimedDeal();

    Map<String, Object> funnel = api(manager, path);
    Map<String, Object> card = report("/funnel", "销售漏斗");
    assertThat(card.get("title")).isEqualTo("销售漏斗 · 华东销售一组 · 近30天");
    List<Map<String, Object>> stages = list(funnel.get("stages"));
    assertThat(((Number) stages.get(0).get("now")).longValue()).isEqualTo(before + 2);
    assertThat(stages).hasSize(list(card.get("elements")).size() - 1); // and a note
    for (Map<String, Object> row : stages) {
      String chat = field(card, (String) row.get("name"));
      assertThat(chat)
          .as("stage %s", row.get("name"))
          .startsWith(
              "现有 "
                  + row.get("now")
                  + "（停滞 "
                  + row.get("stalled")
                  + "）· 到达 "
                  + row.get("reached")
                  + " · 阶段转化 "
                  + percent(row.get("conversionFromPrevious"))
                  + " · 首阶段转化 "
                  + percent(row.get("conversionFromFirst"))
                  + " · 按序 "
                  + percent(row.get("inOrderFromFirst")));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_page_carries_the_charts_figures_as_the_json_endpoints_answer_them() {
    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    claimedDeal();
    String page = page(manager, "/console/dashboard?team=east&period=30d&days=7");
    java.util.regex.Matcher block =
        java.util.regex.Pattern.compile(
                "<script type=\"application/json\" id=\"dashboard-figures\">(.*?)</script>",
                java.util.regex.Pattern.DOTALL)
            .matcher(page);
    assertThat(block.find()).as("the figures block in the page").isTrue();
    Map<String, Object> inPage =
        new tools.jackson.databind.ObjectMapper().readValue(block.group(1), Map.class);
    String base = "/console/api/dashboard/east/";
    // what may differ between two requests is the period's end (now); the figures may not
    assertThat(((Map<String, Object>) inPage.get("funnel")).get("stages"))
        .isEqualTo(api(manager, base + "funnel?period=30d").get("stages"));
    assertThat(((Map<String, Object>) inPage.get("kpis")).get("figures"))
        .isEqualTo(api(manager, base + "kpis?period=30d").get("figures"));
    assertThat(((Map<String, Object>) inPage.get("kpis")).get("weeks"))
        .isEqualTo(api(manager, base + "kpis?period=30d").get("weeks"));
    assertThat(((Map<String, Object>) inPage.get("stalled")).get("deals"))
        .isEqualTo(api(manager, base + "stalled?period=30d").get("deals"));
    Map<String, Object> sla = api(manager, base + "sla?days=7");
    sla.remove("response");
    Map<String, Object> slaInPage =
        new java.util.LinkedHashMap<>((Map<String, Object>) inPage.get("sla"));
    slaInPage.remove("response");
    assertThat(slaInPage).isEqualTo(sla);
    assertThat(inPage.get("scores")).isEqualTo(api(manager, base + "scores"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void kpi_figures_equal_the_chats_kpi_and_the_trend_has_one_point_per_week() {
    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    claimedDeal();
    Map<String, Object> kpis = api(manager, "/console/api/dashboard/east/kpis?period=30d");
    Map<String, Object> card = report("/kpi", "过程指标");
    Map<String, Object> k = (Map<String, Object>) kpis.get("figures");
    assertThat(field(card, "跨阶段推进准确率"))
        .startsWith(
            percent(k.get("inOrderRate"))
                + " ("
                + k.get("forwardInOrder")
                + "/"
                + k.get("forwardMoves")
                + ")");
    assertThat(field(card, "项目停滞率"))
        .startsWith(
            percent(k.get("stallRate")) + " (" + k.get("stalled") + "/" + k.get("open") + ")");
    assertThat(field(card, "赢单率"))
        .startsWith(
            percent(k.get("winRate"))
                + " ("
                + k.get("won")
                + "/"
                + (((Number) k.get("won")).longValue() + ((Number) k.get("lost")).longValue())
                + ")");
    assertThat(((Number) k.get("open")).longValue()).isPositive();
    // 30 days from now: 5 weeks, the last one cut short
    assertThat(list(kpis.get("weeks"))).hasSize(5);
  }

  @Test
  @SuppressWarnings("unchecked")
  void pool_and_sla_count_the_waiting_lead_and_the_claim_per_rep() {
    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    String path = "/console/api/dashboard/east/sla";
    Map<String, Object> before = api(manager, path);
    claimedDeal();
    Map<String, Object> after = api(manager, path);
    assertThat(((Number) after.get("claimed")).intValue())
        .isEqualTo(((Number) before.get("claimed")).intValue() + 1);
    Map<String, Object> zhangsan =
        list(after.get("reps")).stream()
            .filter(r -> "sandbox:zhangsan".equals(r.get("rep")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> zhangsanBefore =
        list(before.get("reps")).stream()
            .filter(r -> "sandbox:zhangsan".equals(r.get("rep")))
            .findFirst()
            .orElseThrow();
    assertThat(zhangsan.get("name")).isEqualTo("张三");
    assertThat(((Number) zhangsan.get("claimed")).intValue())
        .isEqualTo(((Number) zhangsanBefore.get("claimed")).intValue() + 1);
    assertThat(list(after.get("reps"))).extracting(r -> r.get("name")).contains("张三", "李四", "王五");
    assertThat((Map<String, Object>) after.get("response")).containsKey("claimMedianMinutes");
  }
}
