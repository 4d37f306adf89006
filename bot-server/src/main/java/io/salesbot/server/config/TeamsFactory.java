package io.salesbot.server.config;

import io.salesbot.core.platform.domain.Address;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Builds the team directory from {@code salesbot.teams}, naming the property of any mistake. */
final class TeamsFactory {
  private TeamsFactory() {}

  static StaticTeamDirectory directory(SalesbotProperties properties) {
    Map<String, SalesbotProperties.Team> configured = properties.getTeams();
    if (configured.isEmpty()) {
      throw new InvalidConfigurationException(
          "salesbot.teams",
          "no team is configured; define at least one team with a manager and reps");
    }
    List<Team> teams = new ArrayList<>();
    for (Map.Entry<String, SalesbotProperties.Team> e : configured.entrySet()) {
      String prefix = "salesbot.teams." + e.getKey();
      SalesbotProperties.Team t = e.getValue();
      Address manager = address(prefix + ".manager", t.getManager());
      List<Member> members = new ArrayList<>();
      for (int i = 0; i < t.getMembers().size(); i++) {
        SalesbotProperties.Member m = t.getMembers().get(i);
        String p = prefix + ".members[" + i + "]";
        members.add(
            new Member(
                address(p + ".id", m.getId()),
                m.getName(),
                new HashSet<>(m.getSkills()),
                m.getWeight()));
      }
      String managerName = t.getManagerName() == null ? manager.userId() : t.getManagerName();
      teams.add(new Team(e.getKey(), t.getName(), t.getRegions(), manager, managerName, members));
    }
    String defaultTeam = properties.getRouting().getDefaultTeam();
    if (defaultTeam == null || defaultTeam.isBlank()) {
      defaultTeam = teams.get(0).id();
    }
    try {
      return new StaticTeamDirectory(teams, defaultTeam);
    } catch (IllegalArgumentException ex) {
      String property =
          ex.getMessage().startsWith("default team")
              ? "salesbot.routing.default-team"
              : "salesbot.teams";
      throw new InvalidConfigurationException(property, ex.getMessage());
    }
  }

  private static Address address(String property, String value) {
    try {
      return Address.parse(value);
    } catch (IllegalArgumentException ex) {
      throw new InvalidConfigurationException(property, ex.getMessage());
    }
  }
}
