package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.StageMove;
import java.time.Instant;
import java.util.List;

/**
 * One generated deal before it is written: who owns it, when it was claimed, its first touch and
 * every move in order. {@link DealGenerator} draws plans from the seed alone (no store involved),
 * so the figures it reports do not depend on how, or how concurrently, the plans are written.
 *
 * @param stalled open at the end with its last progress more than the stage's stalledAfter back
 */
public record DealPlan(
    String id,
    String teamId,
    String region,
    Address owner,
    Address manager,
    Instant openedAt,
    Instant firstTouchAt,
    List<Move> moves,
    DealOutcome outcome,
    boolean stalled) {
  public DealPlan {
    moves = List.copyOf(moves);
  }

  /** One transition: {@code overridden} for an approved skip past a shut gate. */
  public record Move(StageMove.Kind kind, int from, int to, Instant at, boolean overridden) {}

  /** Forward moves (advance or skip to a later stage), as the KPI 跨阶段推进准确率 counts them. */
  public long forward() {
    return moves.stream()
        .filter(m -> m.kind() == StageMove.Kind.ADVANCE || m.kind() == StageMove.Kind.SKIP)
        .filter(m -> m.to() > m.from())
        .count();
  }

  public long overridden() {
    return moves.stream().filter(Move::overridden).count();
  }

  public long back() {
    return moves.stream().filter(m -> m.kind() == StageMove.Kind.BACK).count();
  }

  /** The last progress: the last move, else the first touch. */
  public Instant lastProgressAt() {
    return moves.isEmpty() ? firstTouchAt : moves.get(moves.size() - 1).at();
  }
}
