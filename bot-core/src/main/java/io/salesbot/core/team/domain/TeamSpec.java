package io.salesbot.core.team.domain;

import io.salesbot.core.kernel.domain.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A team as configured.
 *
 * @param manager the configured manager; may be null only when {@code directory} is set
 * @param managerName the configured manager's name; null = the directory's, else the user id
 * @param members configured reps: the whole team without a directory, overrides (and the reps until
 *     the directory first answers) with one
 * @param directory the department the reps come from, if any
 */
public record TeamSpec(
    String id,
    String name,
    List<String> regions,
    @Nullable Address manager,
    @Nullable String managerName,
    List<Member> members,
    Optional<DirectoryRef> directory) {
  public TeamSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    regions = List.copyOf(regions);
    members = List.copyOf(members);
    Objects.requireNonNull(directory, "directory");
    if (manager == null && directory.isEmpty()) {
      throw new IllegalArgumentException(
          "team '" + id + "' needs a manager, or a directory department to take it from");
    }
  }
}
