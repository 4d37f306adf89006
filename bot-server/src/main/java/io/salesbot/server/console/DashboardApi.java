package io.salesbot.server.console;

import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.team.domain.Team;
import io.salesbot.server.console.ConsoleSessions.Session;
import io.salesbot.server.console.DashboardAccess.Decision;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The dashboards' JSON under {@code /console/api/dashboard/}: the teams one may pick, and per team
 * the funnel, the KPIs with their weekly trend, the stalled deals, pool and SLA, and the month's
 * scorecards. Without a session the guard answers 401; a rep, or a manager asking for a team not
 * theirs, gets 403, an unknown team 404, a bad period 400 — all {@code application/problem+json}.
 */
final class DashboardApi {
  static final String BASE = "/console/api/dashboard";

  private final DashboardAccess access;
  private final DashboardFigures figures;

  DashboardApi(DashboardAccess access, DashboardFigures figures) {
    this.access = access;
    this.figures = figures;
  }

  /** {@code GET /console/api/dashboard/teams}. */
  Mono<ServerResponse> teams(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    if (!session.managesTeams()) {
      return managersOnly();
    }
    List<Map<String, Object>> teams =
        access.teams(session).stream()
            .map(t -> Map.<String, Object>of("id", t.id(), "name", t.name()))
            .toList();
    return json(Map.of("teams", teams));
  }

  Mono<ServerResponse> funnel(ServerRequest request) {
    return withPeriod(request, figures::funnel);
  }

  Mono<ServerResponse> kpis(ServerRequest request) {
    return withPeriod(request, figures::kpis);
  }

  Mono<ServerResponse> stalled(ServerRequest request) {
    return withPeriod(request, figures::stalled);
  }

  /** Pool and SLA over the last {@code days} (7, the default, or 30 — as {@code /sla}). */
  Mono<ServerResponse> sla(ServerRequest request) {
    Optional<Integer> days = days(request.queryParam("days").orElse(null));
    if (days.isEmpty()) {
      return HttpProblem.of(HttpStatus.BAD_REQUEST, "bad-days", "days is 7 or 30");
    }
    return withTeam(request, team -> figures.sla(team, days.get()));
  }

  Mono<ServerResponse> scores(ServerRequest request) {
    Optional<YearMonth> month = figures.month(request.queryParam("month").orElse(null));
    if (month.isEmpty()) {
      return HttpProblem.of(
          HttpStatus.BAD_REQUEST,
          "bad-month",
          "month is a month up to this one, as 2026-11; without it, this month");
    }
    return withTeam(request, team -> figures.scores(team, month.get()));
  }

  /** 7 (none given) or 30, as {@code /sla 7d|30d}. */
  static Optional<Integer> days(String word) {
    if (word == null || word.isBlank() || word.equals("7") || word.equals("7d")) {
      return Optional.of(7);
    }
    return word.equals("30") || word.equals("30d") ? Optional.of(30) : Optional.empty();
  }

  private Mono<ServerResponse> withPeriod(
      ServerRequest request, BiFunction<Team, ReportPeriod, Mono<Map<String, Object>>> read) {
    Optional<ReportPeriod> period = figures.period(request.queryParam("period").orElse(null));
    if (period.isEmpty()) {
      return HttpProblem.of(
          HttpStatus.BAD_REQUEST,
          "bad-period",
          "period is as in the chat's reports: 7d, 30d, 90d, this-month, last-month or 2026-11");
    }
    return withTeam(request, team -> read.apply(team, period.get()));
  }

  private Mono<ServerResponse> withTeam(
      ServerRequest request, java.util.function.Function<Team, Mono<Map<String, Object>>> read) {
    Session session = ConsoleGuard.session(request.exchange());
    String teamId = request.pathVariable("team");
    Decision decision = access.team(session, teamId);
    if (decision instanceof Decision.Allowed a) {
      return read.apply(a.team()).flatMap(DashboardApi::json);
    }
    if (decision instanceof Decision.NotTheirs) {
      return HttpProblem.of(
          HttpStatus.FORBIDDEN, "not-your-team", "you may not look at team '" + teamId + "'");
    }
    if (decision instanceof Decision.Unknown) {
      return HttpProblem.of(HttpStatus.NOT_FOUND, "unknown-team", "no team '" + teamId + "'");
    }
    return managersOnly();
  }

  private static Mono<ServerResponse> managersOnly() {
    return HttpProblem.of(
        HttpStatus.FORBIDDEN, "managers-only", "the dashboards are for managers and admins");
  }

  private static Mono<ServerResponse> json(Map<String, Object> body) {
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(new LinkedHashMap<>(body));
  }
}
