package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.RepLoad;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /console/teams}, for managers and admins: each team they may look at (a manager's own,
 * every team for an admin) with its reps, the leads waiting in its pool ({@link Leads#poolSize})
 * and the open leads its reps hold ({@link Leads#loads}) — the numbers {@code /pool} and the
 * routing caps use. A rep gets 403.
 */
final class ConsoleTeams {
  private final ConsolePages pages;
  private final ConsoleViews views;
  private final ConsoleRoles roles;
  private final Leads leads;
  private final Clock clock;

  ConsoleTeams(
      ConsolePages pages, ConsoleViews views, ConsoleRoles roles, Leads leads, Clock clock) {
    this.pages = pages;
    this.views = views;
    this.roles = roles;
    this.leads = leads;
    this.clock = clock;
  }

  Mono<ServerResponse> page(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    if (!session.managesTeams()) {
      return pages.forbidden(request, "forbidden_managers_only");
    }
    List<Team> teams = roles.visibleTeams(session);
    return Flux.fromIterable(teams)
        .concatMap(this::row)
        .collectList()
        .flatMap(
            rows -> {
              Map<String, Object> model = pages.signedIn(request);
              model.put("teams", rows);
              model.put("none", rows.isEmpty());
              return views.page(request, HttpStatus.OK, "teams", model);
            });
  }

  private Mono<Map<String, Object>> row(Team team) {
    List<Address> reps = team.members().stream().map(Member::id).toList();
    var dayStart = LocalDate.now(clock).atStartOfDay().toInstant(ZoneOffset.UTC);
    return Mono.zip(leads.poolSize(team.id()), leads.loads(reps, dayStart))
        .map(
            t -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("id", team.id());
              row.put("name", team.name());
              row.put("manager", team.managerName());
              row.put("reps", reps.size());
              row.put("pool", t.getT1());
              row.put("open", t.getT2().values().stream().mapToInt(RepLoad::openLeads).sum());
              return row;
            });
  }
}
