package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One audited change of a deal's stage or outcome: who, when, from → to, why, on what evidence, and
 * whether it passed a shut gate with a manager's approval (for the KPI 跨阶段推进准确率).
 *
 * @param to the stage index after the move (the same stage for won, lost, invalid)
 * @param outcome the deal's outcome after the move
 */
public record Transition(
    String dealId,
    StageMove.Kind kind,
    int from,
    int to,
    DealOutcome outcome,
    Address actor,
    @Nullable String reason,
    List<String> evidence,
    boolean overridden,
    Instant at) {
  public Transition {
    evidence = List.copyOf(evidence);
  }
}
