package io.salesbot.core.team;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.domain.Identities;
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

  /**
   * The person behind {@code address}: their primary address (the one their team lists) when {@code
   * address} is one of their further addresses ({@link Identities}), else {@code address}.
   */
  default Address primary(Address address) {
    return address;
  }

  /** All addresses of the person behind {@code address}, the primary first. */
  default List<Address> addresses(Address person) {
    return List.of(primary(person));
  }

  /**
   * {@code directory}, knowing each person's further addresses: {@link #teamOf} and {@link
   * #displayName} answer for any of them as for the primary address.
   */
  static TeamDirectory withIdentities(TeamDirectory directory, Identities identities) {
    if (identities.extras().isEmpty()) {
      return directory;
    }
    return new TeamDirectory() {
      @Override
      public List<Team> teams() {
        return directory.teams();
      }

      @Override
      public Optional<Team> team(String teamId) {
        return directory.team(teamId);
      }

      @Override
      public Team defaultTeam() {
        return directory.defaultTeam();
      }

      @Override
      public Optional<Team> teamOf(Address rep) {
        return directory.teamOf(identities.primary(rep));
      }

      @Override
      public String displayName(Address person) {
        return directory.displayName(identities.primary(person));
      }

      @Override
      public Address primary(Address address) {
        return identities.primary(address);
      }

      @Override
      public List<Address> addresses(Address person) {
        return identities.addresses(person);
      }
    };
  }
}
