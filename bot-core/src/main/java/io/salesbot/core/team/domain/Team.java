package io.salesbot.core.team.domain;

import io.salesbot.core.kernel.domain.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A sales team: the regions it covers, its manager and its reps. */
public record Team(
    String id,
    String name,
    List<String> regions,
    Address manager,
    String managerName,
    List<Member> members) {
  public Team {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(managerName, "managerName");
    regions = List.copyOf(regions);
    members = List.copyOf(members);
  }

  public boolean covers(String region) {
    return regions.stream().anyMatch(r -> r.equalsIgnoreCase(region));
  }

  public Optional<Member> member(Address address) {
    return members.stream().filter(m -> m.id().equals(address)).findFirst();
  }

  public boolean isManager(Address address) {
    return manager.equals(address);
  }
}
