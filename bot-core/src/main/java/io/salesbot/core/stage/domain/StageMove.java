package io.salesbot.core.stage.domain;

import java.util.List;

/**
 * The legal moves of a deal, as a table (like Resilience4j's state transitions): every (from, to)
 * pair a deal may take, and what each needs. {@link #decide} answers a requested move with a value;
 * nothing here throws for a move that is not allowed.
 *
 * <pre>
 * open, stage i → i+1          ADVANCE   stage i's required checkpoints done (the gate)
 * open, stage i → j > i        SKIP      a manager's approval; skipped checkpoints become owed
 * open, stage i → j < i        BACK      a reason
 * open, last stage → won       WIN       the last stage's required checkpoints done
 * open, any stage  → lost      LOSE      a reason from the configured list
 * open, any stage  → invalid   INVALIDATE a reason from the configured list
 * closed → anything            refused
 * </pre>
 */
public final class StageMove {
  private StageMove() {}

  /** What a person asks for. */
  public enum Kind {
    ADVANCE,
    SKIP,
    BACK,
    WIN,
    LOSE,
    INVALIDATE
  }

  /** The answer. */
  public sealed interface Decision {}

  /** Go ahead: to stage {@code to} (or close), leaving {@code owed} as evidence debt. */
  public record Allowed(int to, List<CheckpointDef> owed) implements Decision {
    public Allowed {
      owed = List.copyOf(owed);
    }
  }

  /** The gate is shut: these checkpoints are not done. */
  public record Blocked(List<CheckpointDef> missing) implements Decision {
    public Blocked {
      missing = List.copyOf(missing);
    }
  }

  /** Not a move this deal can make; {@code key} words why (a message key). */
  public record Refused(String key) implements Decision {}

  /**
   * Decides a move of {@code deal} to stage {@code to} ({@code ADVANCE}, {@code SKIP} and {@code
   * BACK}; ignored for the others).
   *
   * @param approved whether a manager approved it (needed for SKIP, or to ADVANCE past a shut gate)
   * @param hasReason whether a reason was given (needed for BACK, LOSE, INVALIDATE)
   */
  public static Decision decide(
      Deal deal, Kind kind, int to, boolean approved, boolean hasReason, StageModel model) {
    if (!deal.isOpen()) {
      return new Refused("reply.deal.closed");
    }
    switch (kind) {
      case ADVANCE:
        if (deal.stage() >= model.last()) {
          return new Refused("reply.deal.lastStage");
        }
        List<CheckpointDef> missing = deal.missing(model);
        if (!missing.isEmpty() && !approved) {
          return new Blocked(missing);
        }
        return new Allowed(deal.stage() + 1, missing);
      case SKIP:
        if (to <= deal.stage() || to > model.last()) {
          return new Refused("reply.deal.skipTarget");
        }
        if (!approved) {
          return new Refused("reply.deal.skipNeedsApproval");
        }
        return new Allowed(to, skipped(deal, to, model));
      case BACK:
        if (to >= deal.stage() || to < 0) {
          return new Refused("reply.deal.backTarget");
        }
        if (!hasReason) {
          return new Refused("reply.deal.reasonRequired");
        }
        return new Allowed(to, List.of());
      case WIN:
        if (deal.stage() < model.last()) { // beyond: stored under a longer model, see stage()
          return new Refused("reply.deal.winNotLastStage");
        }
        List<CheckpointDef> open = deal.missing(model);
        return open.isEmpty() ? new Allowed(deal.stage(), List.of()) : new Blocked(open);
      default: // LOSE, INVALIDATE
        return hasReason
            ? new Allowed(deal.stage(), List.of())
            : new Refused("reply.deal.reasonRequired");
    }
  }

  /**
   * The ids of the evidence a move relies on, for its {@link Transition}: that of the required
   * checkpoints done in the stages it leaves behind — stage {@code from} up to (not including)
   * {@code to} for ADVANCE and SKIP, the last stage for WIN — in the model's order. None for BACK,
   * LOSE and INVALIDATE, which rest on a reason.
   */
  public static List<String> reliedOn(Deal deal, Kind kind, int to, StageModel model) {
    int upTo =
        switch (kind) {
          case ADVANCE, SKIP -> to;
          case WIN -> deal.stage() + 1;
          default -> deal.stage();
        };
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
    for (int i = deal.stage(); i < upTo && i <= model.last(); i++) {
      for (CheckpointDef c : model.stage(i).required()) {
        CheckpointState s = deal.state(c.id());
        if (s.done()) {
          ids.addAll(s.evidence());
        }
      }
    }
    return List.copyOf(ids);
  }

  /** The required checkpoints from the current stage up to (not including) {@code to}, not done. */
  public static List<CheckpointDef> skipped(Deal deal, int to, StageModel model) {
    java.util.List<CheckpointDef> out = new java.util.ArrayList<>();
    for (int i = deal.stage(); i < to; i++) {
      for (CheckpointDef c : model.stage(i).required()) {
        if (deal.state(c.id()).state() == CheckpointState.State.OPEN) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
