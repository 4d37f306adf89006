package io.salesbot.adapter.sandbox;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The people one can act as in the sandbox: every rep and manager of every team whose address is on
 * the sandbox platform. Read from the directory on each call, so a reloaded directory shows at
 * once.
 */
final class SandboxUsers {
  /** A sandbox person; {@code role} is {@code rep} or {@code manager}. */
  record SandboxUser(Address address, String name, Team team, String role) {}

  private final TeamDirectory directory;

  SandboxUsers(TeamDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * Team by team, reps first and then the manager. Somebody listed twice in the directory (say, a
   * manager of two teams) appears once, with the first team.
   */
  List<SandboxUser> all() {
    List<SandboxUser> users = new ArrayList<>();
    Set<Address> seen = new LinkedHashSet<>();
    for (Team team : directory.teams()) {
      for (Member member : team.members()) {
        if (isSandbox(member.id()) && seen.add(member.id())) {
          users.add(new SandboxUser(member.id(), member.name(), team, "rep"));
        }
      }
      if (isSandbox(team.manager()) && seen.add(team.manager())) {
        users.add(new SandboxUser(team.manager(), team.managerName(), team, "manager"));
      }
    }
    return List.copyOf(users);
  }

  Optional<SandboxUser> find(String userId) {
    return all().stream().filter(u -> u.address().userId().equals(userId)).findFirst();
  }

  private static boolean isSandbox(Address address) {
    return SandboxPlatform.ID.equals(address.platform());
  }
}
