package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.CheckpointState.State;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A claimed lead on its way through the stages: the stage it is in, each checkpoint's state, the
 * next step, and how it ended. Its id is the lead's. Changes return a new deal with {@code version
 * + 1}; stores write it only if the stored version is still the one read (two clicks, two
 * instances: one change wins).
 *
 * @param stage the index of the current stage in the {@link StageModel}
 * @param lastProgressAt the last accepted checkpoint or stage change (not any touch): stalls count
 *     from here
 */
public record Deal(
    String id,
    String teamId,
    Address owner,
    int stage,
    Instant stageEnteredAt,
    Instant openedAt,
    DealOutcome outcome,
    @Nullable String outcomeReason,
    Map<String, CheckpointState> checkpoints,
    @Nullable NextStep nextStep,
    Instant lastProgressAt,
    long version) {
  public Deal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    checkpoints = Map.copyOf(checkpoints);
    if (stage < 0) {
      throw new IllegalArgumentException("stage index must not be negative");
    }
  }

  /** A deal in the first stage, every checkpoint open. */
  public static Deal open(
      String leadId, String teamId, Address owner, Instant at, StageModel model) {
    Map<String, CheckpointState> cps = new LinkedHashMap<>();
    for (CheckpointDef c : model.all()) {
      cps.put(c.id(), CheckpointState.OPEN);
    }
    return new Deal(leadId, teamId, owner, 0, at, at, DealOutcome.OPEN, null, cps, null, at, 1);
  }

  public CheckpointState state(String checkpointId) {
    return checkpoints.getOrDefault(checkpointId, CheckpointState.OPEN);
  }

  public boolean isOpen() {
    return outcome == DealOutcome.OPEN;
  }

  /** The required checkpoints of the current stage that are not done: what the gate waits for. */
  public List<CheckpointDef> missing(StageModel model) {
    return model.stage(stage).required().stream()
        .filter(c -> state(c.id()).state() == State.OPEN)
        .toList();
  }

  /** Checkpoints skipped with approval and still owed. */
  public List<CheckpointDef> owed(StageModel model) {
    return model.all().stream().filter(c -> state(c.id()).state() == State.OWED).toList();
  }

  /**
   * With one more piece of evidence for {@code checkpoint}; done once its rule is satisfied (an
   * owed checkpoint is paid off).
   */
  public Deal withEvidence(
      CheckpointDef checkpoint,
      Set<EvidenceKind> kinds,
      String evidenceId,
      Address by,
      Instant at) {
    CheckpointState s = state(checkpoint.id());
    Set<EvidenceKind> have = EnumSet.noneOf(EvidenceKind.class);
    have.addAll(s.have());
    kinds.stream().filter(k -> checkpoint.evidence().accepts(k)).forEach(have::add);
    List<String> ids =
        s.evidence().contains(evidenceId)
            ? s.evidence()
            : java.util.stream.Stream.concat(
                    s.evidence().stream(), java.util.stream.Stream.of(evidenceId))
                .toList();
    boolean done = s.done() || checkpoint.evidence().satisfiedBy(have);
    CheckpointState next =
        done
            ? new CheckpointState(
                State.DONE, have, ids, s.done() ? s.doneAt() : at, s.done() ? s.doneBy() : by, null)
            : new CheckpointState(s.state(), have, ids, null, null, s.dueAt());
    return with(checkpoint.id(), next, done && !s.done() ? at : lastProgressAt);
  }

  /** Done by salesbot itself (① by 已联系). */
  public Deal completed(CheckpointDef checkpoint, Address by, Instant at) {
    CheckpointState s = state(checkpoint.id());
    if (s.done()) {
      return this;
    }
    return with(
        checkpoint.id(), new CheckpointState(State.DONE, s.have(), s.evidence(), at, by, null), at);
  }

  private Deal with(String checkpointId, CheckpointState state, Instant progress) {
    Map<String, CheckpointState> cps = new LinkedHashMap<>(checkpoints);
    cps.put(checkpointId, state);
    return new Deal(
        id,
        teamId,
        owner,
        stage,
        stageEnteredAt,
        openedAt,
        outcome,
        outcomeReason,
        cps,
        nextStep,
        progress,
        version + 1);
  }

  /**
   * In stage {@code to} from {@code at}; {@code owed} checkpoints (skipped with approval) become
   * evidence debt due at {@code dueAt}.
   */
  public Deal movedTo(int to, Instant at, List<CheckpointDef> owed, @Nullable Instant dueAt) {
    Map<String, CheckpointState> cps = new LinkedHashMap<>(checkpoints);
    for (CheckpointDef c : owed) {
      CheckpointState s = state(c.id());
      cps.put(c.id(), new CheckpointState(State.OWED, s.have(), s.evidence(), null, null, dueAt));
    }
    return new Deal(
        id,
        teamId,
        owner,
        to,
        at,
        openedAt,
        outcome,
        outcomeReason,
        cps,
        nextStep,
        at,
        version + 1);
  }

  public Deal closed(DealOutcome how, @Nullable String reason, Instant at) {
    return new Deal(
        id,
        teamId,
        owner,
        stage,
        stageEnteredAt,
        openedAt,
        how,
        reason,
        checkpoints,
        nextStep,
        at,
        version + 1);
  }

  public Deal withNextStep(NextStep step) {
    return new Deal(
        id,
        teamId,
        owner,
        stage,
        stageEnteredAt,
        openedAt,
        outcome,
        outcomeReason,
        checkpoints,
        step,
        lastProgressAt,
        version + 1);
  }

  public Deal ownedBy(Address newOwner, String newTeam) {
    return new Deal(
        id,
        newTeam,
        newOwner,
        stage,
        stageEnteredAt,
        openedAt,
        outcome,
        outcomeReason,
        checkpoints,
        nextStep,
        lastProgressAt,
        version + 1);
  }
}
