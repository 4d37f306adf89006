package io.salesbot.core.routing.domain;

import java.util.Map;
import java.util.Objects;

/** The policy of each team, and the one for teams without their own. */
public record TeamPolicies(Map<String, TeamPolicy> byTeam, TeamPolicy defaults) {
  public static final TeamPolicies DEFAULTS = new TeamPolicies(Map.of(), TeamPolicy.DEFAULT);

  public TeamPolicies {
    byTeam = Map.copyOf(byTeam);
    Objects.requireNonNull(defaults, "defaults");
  }

  public TeamPolicy of(String teamId) {
    return byTeam.getOrDefault(teamId, defaults);
  }
}
