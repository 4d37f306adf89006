package io.salesbot.core.stage;

import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.util.List;

/**
 * Deal-stage configuration ({@code salesbot.stages}): the stages and checkpoints, the reasons a rep
 * may give for a lost or invalid deal, and how long skipped checkpoints may stay owed.
 */
public record StageSettings(
    StageModel model, List<String> lostReasons, List<String> invalidReasons, Duration owedFor) {
  public StageSettings {
    lostReasons = List.copyOf(lostReasons);
    invalidReasons = List.copyOf(invalidReasons);
    if (lostReasons.isEmpty() || lostReasons.size() > 6) {
      throw new IllegalArgumentException(
          "lost reasons: 1 to 6 (one button each), got " + lostReasons.size());
    }
    if (invalidReasons.isEmpty()) {
      throw new IllegalArgumentException("invalid reasons: at least one");
    }
    if (owedFor.isNegative() || owedFor.isZero()) {
      throw new IllegalArgumentException("owed-for must be positive, got " + owedFor);
    }
  }

  public static StageSettings defaults() {
    return new StageSettings(
        StageModel.defaults(),
        List.of("价格不合适", "选择了竞品", "没有预算", "需求变化", "联系不上", "其他"),
        List.of("非目标客户", "重复线索", "空号或错号", "同行或骚扰"),
        Duration.ofDays(14));
  }
}
