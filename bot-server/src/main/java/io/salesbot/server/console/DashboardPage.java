package io.salesbot.server.console;

import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.team.domain.Team;
import io.salesbot.server.console.ConsoleSessions.Session;
import io.salesbot.server.console.DashboardAccess.Decision;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code GET /console/dashboard?team=&period=&days=&month=}: a team's dashboard (a manager's teams,
 * every team for an admin; a rep gets 403). The figures are in tables on the page, for screen
 * readers and browsers without JavaScript; {@code dashboard.js} draws them as ECharts charts from
 * the same JSON endpoints ({@link DashboardApi}), named in each chart's {@code data-src}.
 */
final class DashboardPage {
  /** The periods offered in the picker; any period the chat reads is accepted in the URL. */
  static final List<String> PERIODS = List.of("7d", "30d", "90d", "this-month", "last-month");

  private final ConsolePages pages;
  private final ConsoleViews views;
  private final DashboardAccess access;
  private final DashboardFigures figures;
  private final ObjectMapper json;

  DashboardPage(
      ConsolePages pages,
      ConsoleViews views,
      DashboardAccess access,
      DashboardFigures figures,
      ObjectMapper json) {
    this.pages = pages;
    this.views = views;
    this.access = access;
    this.figures = figures;
    this.json = json;
  }

  Mono<ServerResponse> page(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    String teamId = request.queryParam("team").orElse(null);
    Decision decision = access.team(session, teamId);
    if (decision instanceof Decision.Allowed a) {
      return render(request, session, a.team());
    }
    if (decision instanceof Decision.NotTheirs) {
      return pages.forbidden(request, "forbidden_not_your_team");
    }
    if (decision instanceof Decision.Unknown u) {
      return u.teamId() == null ? pages.forbidden(request, "teams_none") : notFound(request);
    }
    return pages.forbidden(request, "forbidden_managers_only");
  }

  private Mono<ServerResponse> notFound(ServerRequest request) {
    Map<String, Object> model = pages.signedIn(request);
    model.put("signedIn", true);
    model.put("reason", views.message(ConsoleViews.language(request), "dashboard_unknown_team"));
    return views.page(request, HttpStatus.NOT_FOUND, "forbidden", model);
  }

  private Mono<ServerResponse> render(ServerRequest request, Session session, Team team) {
    String periodWord = request.queryParam("period").filter(p -> !p.isBlank()).orElse("30d");
    Optional<ReportPeriod> period = figures.period(periodWord);
    Optional<Integer> days = DashboardApi.days(request.queryParam("days").orElse(null));
    Optional<YearMonth> month = figures.month(request.queryParam("month").orElse(null));
    String lang = ConsoleViews.language(request);
    if (period.isEmpty() || days.isEmpty() || month.isEmpty()) {
      Map<String, Object> model = pages.signedIn(request);
      model.put("signedIn", true);
      model.put("reason", views.message(lang, "dashboard_bad_period"));
      return views.page(request, HttpStatus.BAD_REQUEST, "forbidden", model);
    }
    return Mono.zip(
            figures.funnel(team, period.get()),
            figures.kpis(team, period.get()),
            figures.stalled(team, period.get()),
            figures.sla(team, days.get()),
            figures.scores(team, month.get()))
        .flatMap(
            t -> {
              Map<String, Object> model = pages.signedIn(request);
              model.put("team", Map.of("id", team.id(), "name", team.name()));
              model.put("teams", teamChoices(session, team));
              model.put("periods", periodChoices(lang, periodWord));
              model.put("period", periodWord);
              model.put("days", days.get());
              model.put("month", month.get().toString());
              model.put("funnel", Displayed.of(t.getT1()));
              model.put("kpis", Displayed.of(t.getT2()));
              model.put("stalled", Displayed.of(t.getT3()));
              model.put("noStalled", ((List<?>) t.getT3().get("deals")).isEmpty());
              model.put("sla", Displayed.of(t.getT4()));
              model.put("scores", Displayed.of(scoreRows(t.getT5())));
              model.put("noScores", ((List<?>) t.getT5().get("reps")).isEmpty());
              String q =
                  "period=" + enc(periodWord) + "&days=" + days.get() + "&month=" + month.get();
              String base = DashboardApi.BASE + "/" + enc(team.id()) + "/";
              model.put("src", src(base, q));
              // The charts' figures in the page (as the JSON endpoints answer them), so that a
              // dashboard costs one computation, not one for the tables and one per chart.
              Map<String, Object> all = new LinkedHashMap<>();
              all.put("funnel", t.getT1());
              all.put("kpis", t.getT2());
              all.put("stalled", t.getT3());
              all.put("sla", t.getT4());
              all.put("scores", t.getT5());
              model.put("figuresJson", dataBlock(all));
              return views.page(request, HttpStatus.OK, "dashboard", model);
            });
  }

  /**
   * {@code figures} as JSON for a {@code <script type="application/json">} block: {@code <}, {@code
   * >} and {@code &} as JSON escapes, so no name in it can close the block.
   */
  String dataBlock(Map<String, Object> figures) {
    return json.writeValueAsString(figures)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }

  private static Map<String, Object> src(String base, String q) {
    Map<String, Object> src = new LinkedHashMap<>();
    for (String part : List.of("funnel", "kpis", "stalled", "sla", "scores")) {
      src.put(part, base + part + "?" + q);
    }
    return src;
  }

  /** The leaderboard's rows with their axis scores as a list in the model's order. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> scoreRows(Map<String, Object> scores) {
    Map<String, Object> out = new LinkedHashMap<>(scores);
    List<Map<String, Object>> axes = (List<Map<String, Object>>) scores.get("axes");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> rep : (List<Map<String, Object>>) scores.get("reps")) {
      Map<String, Object> row = new LinkedHashMap<>(rep);
      Map<String, Object> byAxis = (Map<String, Object>) rep.get("axes");
      List<Object> values = new ArrayList<>();
      for (Map<String, Object> axis : axes) {
        Object v = byAxis.get((String) axis.get("id"));
        values.add(v == null ? "-" : v);
      }
      row.put("axisValues", values);
      rows.add(row);
    }
    out.put("reps", rows);
    return out;
  }

  private List<Map<String, Object>> teamChoices(Session session, Team chosen) {
    return access.teams(session).stream()
        .map(
            t ->
                Map.<String, Object>of(
                    "id", t.id(), "name", t.name(), "selected", t.id().equals(chosen.id())))
        .toList();
  }

  private List<Map<String, Object>> periodChoices(String lang, String chosen) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String p : PERIODS) {
      out.add(
          Map.of(
              "value",
              p,
              "label",
              views.message(lang, "dashboard_period_" + p.replace('-', '_')),
              "selected",
              p.equals(chosen)));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Maps and lists as the templates show them: nothing missing, "-" for no figure. */
  static final class Displayed {
    private Displayed() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Map<String, Object> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, value(v)));
      return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v) {
      if (v == null) {
        return "-";
      }
      if (v instanceof Map<?, ?> m) {
        return of((Map<String, Object>) m);
      }
      if (v instanceof List<?> l) {
        return l.stream().map(Displayed::value).toList();
      }
      return v;
    }
  }
}
