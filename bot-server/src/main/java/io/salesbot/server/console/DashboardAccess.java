package io.salesbot.server.console;

import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which team a dashboard may show: a manager their own teams, an admin every team, a rep none.
 * Decided from the session (its role and teams, fixed at sign-in), never from the request alone.
 */
final class DashboardAccess {
  /** The answer: the team to show, or why not. */
  sealed interface Decision {
    /** Shown. */
    record Allowed(Team team) implements Decision {}

    /** A rep: the dashboards are for managers and admins. */
    record NotAManager() implements Decision {}

    /** A team the person may not look at. */
    record NotTheirs(String teamId) implements Decision {}

    /** No such team; or, with no team asked for, no team at all to show. */
    record Unknown(@Nullable String teamId) implements Decision {}
  }

  private final ConsoleRoles roles;
  private final TeamDirectory directory;

  DashboardAccess(ConsoleRoles roles, TeamDirectory directory) {
    this.roles = roles;
    this.directory = directory;
  }

  /** The teams the session may pick from, in the directory's order. */
  List<Team> teams(Session session) {
    return roles.visibleTeams(session);
  }

  /** May the session see {@code teamId}? Null or blank: their first team. */
  Decision team(Session session, @Nullable String teamId) {
    if (!session.managesTeams()) {
      return new Decision.NotAManager();
    }
    List<Team> visible = teams(session);
    if (teamId == null || teamId.isBlank()) {
      return visible.isEmpty() ? new Decision.Unknown(null) : new Decision.Allowed(visible.get(0));
    }
    for (Team team : visible) {
      if (team.id().equals(teamId)) {
        return new Decision.Allowed(team);
      }
    }
    return directory.team(teamId).isPresent()
        ? new Decision.NotTheirs(teamId)
        : new Decision.Unknown(teamId);
  }
}
