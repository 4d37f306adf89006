package io.salesbot.core.routing;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.routing.domain.RoutingDecision;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.RoutingRules;
import io.salesbot.core.routing.domain.RuleMatch;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Picks the team of a lead: the configured rules in order (first match wins), then each team's
 * {@code regions} as implicit rules, then the default team. The rules are read from a supplier on
 * each decision, so they can be replaced at run time.
 */
public final class RuleRouter {
  private final TeamDirectory directory;
  private final Supplier<List<RoutingRule>> rules;

  public RuleRouter(TeamDirectory directory, Supplier<List<RoutingRule>> rules) {
    this.directory = directory;
    this.rules = rules;
  }

  /** Teams' regions only, as before rules existed. */
  public RuleRouter(TeamDirectory directory) {
    this(directory, List::of);
  }

  /**
   * The rules a lead is routed by now, in the order they are tried: the configured rules, then each
   * team's {@code regions}; a lead no rule matches goes to {@link TeamDirectory#defaultTeam()}.
   */
  public List<RoutingRule> inForce() {
    List<RoutingRule> all = new ArrayList<>(rules.get());
    for (Team team : directory.teams()) {
      if (!team.regions().isEmpty()) {
        all.add(RoutingRule.teamRegions(team.id(), team.regions()));
      }
    }
    return all;
  }

  public RoutingDecision route(LeadSubmission lead) {
    List<RoutingRule> all = inForce();
    Team fallback = directory.defaultTeam();
    RuleMatch match = new RoutingRules(all, fallback.id()).decide(lead);
    Team team = directory.team(match.teamId()).orElse(fallback);
    if (match.ruleId() == null) {
      return new RoutingDecision(
          team, match.reason() + "; default team " + team.id() + " (" + team.name() + ")");
    }
    String target =
        match.reason().contains("matched team ")
            ? " (" + team.name() + ")"
            : " → team " + team.id() + " (" + team.name() + ")";
    return new RoutingDecision(team, match.reason() + target);
  }
}
