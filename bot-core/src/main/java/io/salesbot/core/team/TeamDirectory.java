package io.salesbot.core.team;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.List;
import java.util.Optional;

/** Who is in which team. Answers from memory: implementations keep their own cache. */
public interface TeamDirectory {
  List<Team> teams();

  Optional<Team> team(String teamId);

  /** The catch-all team for leads no other team covers. */
  Team defaultTeam();

  /** The team a rep belongs to, if any. */
  Optional<Team> teamOf(Address rep);

  /** A rep or manager's display name, or the address itself when unknown. */
  default String displayName(Address person) {
    for (Team team : teams()) {
      Optional<Member> member = team.member(person);
      if (member.isPresent()) {
        return member.get().name();
      }
      if (team.isManager(person)) {
        return team.managerName();
      }
    }
    return person.toString();
  }
}
