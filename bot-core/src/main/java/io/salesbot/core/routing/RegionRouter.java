package io.salesbot.core.routing;

import io.salesbot.core.lead.domain.LeadSubmission;
import io.salesbot.core.routing.domain.RoutingDecision;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;

/**
 * Routes a lead to the first team that covers its region, else to the default team. (The full rule
 * engine replaces this later; the decision and its reason keep this shape.)
 */
public final class RegionRouter {
  private final TeamDirectory directory;

  public RegionRouter(TeamDirectory directory) {
    this.directory = directory;
  }

  public RoutingDecision route(LeadSubmission lead) {
    String region = lead.region();
    if (region != null) {
      for (Team team : directory.teams()) {
        if (team.covers(region)) {
          return new RoutingDecision(
              team, "region=" + region + " matched team " + team.id() + " (" + team.name() + ")");
        }
      }
    }
    Team fallback = directory.defaultTeam();
    String why = region == null ? "no region given" : "no team covers region=" + region;
    return new RoutingDecision(
        fallback, why + "; default team " + fallback.id() + " (" + fallback.name() + ")");
  }
}
