package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where one checkpoint of a deal stands.
 *
 * @param have the kinds of evidence attached so far (a checkpoint needing a file and an amount may
 *     have one of them)
 * @param evidence the ids of the evidence attached
 * @param dueAt for an owed checkpoint (skipped with the manager's approval): when it is due
 */
public record CheckpointState(
    State state,
    Set<EvidenceKind> have,
    List<String> evidence,
    @Nullable Instant doneAt,
    @Nullable Address doneBy,
    @Nullable Instant dueAt) {
  /** Open; done (evidence complete or completed by salesbot); owed (skipped, evidence debt). */
  public enum State {
    OPEN,
    DONE,
    OWED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final CheckpointState OPEN = new CheckpointState(State.OPEN, Set.of(), List.of());

  public CheckpointState(State state, Set<EvidenceKind> have, List<String> evidence) {
    this(state, have, evidence, null, null, null);
  }

  public CheckpointState {
    have = have.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(have));
    evidence = List.copyOf(evidence);
  }

  public boolean done() {
    return state == State.DONE;
  }
}
