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
import org.jspecify.annotations.Nullable;

/**
 * Picks the team of a lead: the configured rules in order (first match wins), then each team's
 * {@code regions} as implicit rules, then the default team. The rules are read from a supplier on
 * each decision, so they can be replaced at run time; compiled once per rules, teams and default
 * team (compared by identity: a reload brings new objects).
 */
public final class RuleRouter {
  private final TeamDirectory directory;
  private final Supplier<List<RoutingRule>> rules;

  /**
   * The rules compiled last, with what they were compiled from: reused while the rules, the teams
   * and the default team are the same objects (a reload replaces them), so a decision does not copy
   * and check the rules again.
   */
  private volatile @Nullable Compiled last;

  private record Compiled(
      List<RoutingRule> rules, List<Team> teams, Team fallback, RoutingRules compiled) {}

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
    return inForce(rules.get(), directory.teams());
  }

  public RoutingDecision route(LeadSubmission lead) {
    Team fallback = directory.defaultTeam();
    RuleMatch match = compiled(rules.get(), directory.teams(), fallback).decide(lead);
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

  private RoutingRules compiled(List<RoutingRule> configured, List<Team> teams, Team fallback) {
    Compiled c = last;
    if (c != null && c.rules() == configured && c.teams() == teams && c.fallback() == fallback) {
      return c.compiled();
    }
    RoutingRules compiled = new RoutingRules(inForce(configured, teams), fallback.id());
    last = new Compiled(configured, teams, fallback, compiled);
    return compiled;
  }

  /**
   * The rules in force for {@code configured} rules and {@code teams}: the configured rules, then
   * each team's {@code regions} (what {@link #inForce()} answers, for those who show them).
   */
  public static List<RoutingRule> inForce(List<RoutingRule> configured, List<Team> teams) {
    List<RoutingRule> all = new ArrayList<>(configured);
    for (Team team : teams) {
      if (!team.regions().isEmpty()) {
        all.add(RoutingRule.teamRegions(team.id(), team.regions()));
      }
    }
    return all;
  }
}
