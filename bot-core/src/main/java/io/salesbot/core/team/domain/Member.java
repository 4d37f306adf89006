package io.salesbot.core.team.domain;

import io.salesbot.core.kernel.domain.Address;
import java.util.Objects;
import java.util.Set;

/** A rep in a team: a platform address, a display name, optional skills and a routing weight. */
public record Member(Address id, String name, Set<String> skills, int weight) {
  public Member {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    skills = Set.copyOf(skills);
    if (weight < 1) {
      throw new IllegalArgumentException("weight of " + id + " must be at least 1, got " + weight);
    }
  }

  public Member(Address id, String name) {
    this(id, name, Set.of(), 1);
  }
}
