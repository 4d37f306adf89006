package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.LeadSubmission;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An ordered list of rules, first match wins, and the default team for the rest. */
public record RoutingRules(List<RoutingRule> rules, String defaultTeamId) {
  public RoutingRules {
    Objects.requireNonNull(defaultTeamId, "defaultTeamId");
    rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (RoutingRule r : rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("rule id '" + r.id() + "' is used twice");
      }
    }
  }

  public RuleMatch decide(LeadSubmission lead) {
    for (RoutingRule rule : rules) {
      if (rule.matches(lead)) {
        String why =
            rule.isTeamRegions()
                ? rule.describeMatch(lead) + " matched team " + rule.teamId()
                : "rule " + rule.id() + " matched " + rule.describeMatch(lead);
        return new RuleMatch(rule.teamId(), rule.id(), why);
      }
    }
    String region = lead.region();
    String why =
        region == null
            ? "no rule matched and no region given"
            : "no rule matched and no team covers region=" + region;
    return new RuleMatch(defaultTeamId, null, why);
  }
}
