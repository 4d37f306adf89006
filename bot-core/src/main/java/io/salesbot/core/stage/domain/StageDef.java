package io.salesbot.core.stage.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of the stages a deal goes through, with its checkpoints.
 *
 * @param idleAfter no progress for this long nudges the rep
 * @param stalledAfter no progress for this long is a stall: the manager gets an escalation card
 * @param dwellWarning a deal in this stage for this long warns the manager; null for none
 */
public record StageDef(
    String id,
    String name,
    List<CheckpointDef> checkpoints,
    Duration idleAfter,
    Duration stalledAfter,
    @Nullable Duration dwellWarning) {
  public StageDef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    checkpoints = List.copyOf(checkpoints);
    if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException(
          "stage id '" + id + "' must be lower-case letters, digits and '-' (at most 40)");
    }
    positive("idle-after", idleAfter);
    positive("stalled-after", stalledAfter);
    if (dwellWarning != null) {
      positive("dwell-warning", dwellWarning);
    }
  }

  private static void positive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  /** The checkpoints the gate out of this stage waits for. */
  public List<CheckpointDef> required() {
    return checkpoints.stream().filter(CheckpointDef::required).toList();
  }
}
