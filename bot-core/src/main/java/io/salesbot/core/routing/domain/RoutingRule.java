package io.salesbot.core.routing.domain;

import io.salesbot.core.kernel.domain.LeadSubmission;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A routing rule: when every condition holds (no condition: always), the lead goes to a team. */
public record RoutingRule(String id, List<Condition> conditions, String teamId) {
  public RoutingRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(teamId, "teamId");
    conditions = List.copyOf(conditions);
  }

  private static final String TEAM_REGIONS = "regions:";

  /**
   * The implicit rule of a team's {@code regions}: after the explicit rules, a lead whose region is
   * one of them goes to that team.
   */
  public static RoutingRule teamRegions(String teamId, List<String> regions) {
    return new RoutingRule(
        TEAM_REGIONS + teamId, List.of(new Condition("region", Condition.Op.IN, regions)), teamId);
  }

  public boolean isTeamRegions() {
    return id.startsWith(TEAM_REGIONS);
  }

  public boolean matches(LeadSubmission lead) {
    return conditions.stream().allMatch(c -> c.test(lead));
  }

  /** What matched, e.g. {@code region=华东, industry=制造}, read from the lead. */
  public String describeMatch(LeadSubmission lead) {
    if (conditions.isEmpty()) {
      return "every lead";
    }
    return conditions.stream()
        .map(c -> c.field() + "=" + Condition.valueOf(lead, c.field()))
        .collect(Collectors.joining(", "));
  }
}
