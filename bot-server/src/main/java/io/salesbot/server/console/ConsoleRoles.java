package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a signed-in person may see, from the team directory ({@code salesbot.teams}, and the address
 * books it reads): an {@link #ADMIN} is listed under {@code salesbot.console.admins} and sees
 * everything; a {@link #MANAGER} manages one or more teams and sees those; a {@link #REP} is a
 * member of a team and sees their own. Anyone else is unknown to salesbot and gets no session.
 */
final class ConsoleRoles {
  static final String REP = "rep";
  static final String MANAGER = "manager";
  static final String ADMIN = "admin";

  /**
   * A role and its teams.
   *
   * @param role {@link #REP}, {@link #MANAGER} or {@link #ADMIN}
   * @param teams the teams managed (a manager) or belonged to (a rep, an admin who is also either)
   */
  record Access(String role, List<String> teams) {
    Access {
      teams = List.copyOf(teams);
    }
  }

  private final TeamDirectory directory;
  private final Set<Address> admins;

  ConsoleRoles(TeamDirectory directory, Set<Address> admins) {
    this.directory = directory;
    this.admins = Set.copyOf(admins);
  }

  /** The person's access; empty when salesbot does not know them. */
  Optional<Access> of(Address person) {
    List<String> managed = new ArrayList<>();
    List<String> member = new ArrayList<>();
    for (Team team : directory.teams()) {
      if (team.isManager(person)) {
        managed.add(team.id());
      } else if (team.member(person).isPresent()) {
        member.add(team.id());
      }
    }
    if (admins.contains(person)) {
      return Optional.of(new Access(ADMIN, managed.isEmpty() ? member : managed));
    }
    if (!managed.isEmpty()) {
      return Optional.of(new Access(MANAGER, managed));
    }
    if (!member.isEmpty()) {
      return Optional.of(new Access(REP, member));
    }
    return Optional.empty();
  }

  /** Their display name as the directory has it, else their user id. */
  String name(Address person) {
    String name = directory.displayName(person);
    return name.equals(person.toString()) ? person.userId() : name;
  }

  /** The teams a session may look at: every team for an admin, else the session's. */
  List<Team> visibleTeams(ConsoleSessions.Session session) {
    if (session.role().equals(ADMIN)) {
      return directory.teams();
    }
    List<Team> out = new ArrayList<>();
    if (session.role().equals(MANAGER)) {
      for (String id : session.teams()) {
        directory.team(id).ifPresent(out::add);
      }
    }
    return out;
  }
}
