package io.salesbot.server.config;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check: people configured on a platform that is not enabled would never get their cards
 * (they wait in that platform's outbox), so say so loudly and name them.
 */
public record PlatformCheck(Set<String> unserved) {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformCheck.class);

  static PlatformCheck warnAboutUnservedPeople(TeamDirectory directory, List<String> enabled) {
    Set<String> unserved = new TreeSet<>();
    for (Team team : directory.teams()) {
      for (Address a : team.members().stream().map(Member::id).toList()) {
        if (!enabled.contains(a.platform())) {
          unserved.add(a.toString());
        }
      }
      if (!enabled.contains(team.manager().platform())) {
        unserved.add(team.manager().toString());
      }
    }
    if (!unserved.isEmpty()) {
      LOG.warn(
          "No enabled chat platform serves {} configured people ({}): their cards and messages wait"
              + " in the outbox until that platform is enabled. Enabled platforms: {}",
          unserved.size(),
          unserved.size() > 10 ? List.copyOf(unserved).subList(0, 10) + "..." : unserved,
          enabled);
    }
    return new PlatformCheck(Set.copyOf(unserved));
  }
}
