package io.salesbot.core.team;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.domain.Team;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A directory from a fixed list of teams, as given in configuration. */
public final class StaticTeamDirectory implements TeamDirectory {
  private final Map<String, Team> teams = new LinkedHashMap<>();
  private final Team defaultTeam;

  /**
   * @throws IllegalArgumentException when the default team is unknown or a rep is in two teams
   */
  public StaticTeamDirectory(List<Team> teams, String defaultTeamId) {
    Map<Address, String> seen = new LinkedHashMap<>();
    for (Team team : teams) {
      if (this.teams.putIfAbsent(team.id(), team) != null) {
        throw new IllegalArgumentException("team '" + team.id() + "' is defined twice");
      }
      team.members()
          .forEach(
              m -> {
                String other = seen.putIfAbsent(m.id(), team.id());
                if (other != null) {
                  throw new IllegalArgumentException(
                      "rep " + m.id() + " is in two teams: " + other + " and " + team.id());
                }
              });
    }
    Team fallback = this.teams.get(defaultTeamId);
    if (fallback == null) {
      throw new IllegalArgumentException(
          "default team '"
              + defaultTeamId
              + "' is not one of the configured teams "
              + this.teams.keySet());
    }
    this.defaultTeam = fallback;
  }

  @Override
  public List<Team> teams() {
    return List.copyOf(teams.values());
  }

  @Override
  public Optional<Team> team(String teamId) {
    return Optional.ofNullable(teams.get(teamId));
  }

  @Override
  public Team defaultTeam() {
    return defaultTeam;
  }

  @Override
  public Optional<Team> teamOf(Address rep) {
    return teams.values().stream().filter(t -> t.member(rep).isPresent()).findFirst();
  }
}
