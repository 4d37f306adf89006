package io.salesbot.core.stage;

import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * Deal-stage configuration ({@code salesbot.stages}): the stages and checkpoints, the reasons a rep
 * may give for a lost or invalid deal, how long skipped checkpoints may stay owed, and the local
 * time of the managers' daily digest (in each team's quiet-hours time zone).
 */
public record StageSettings(
    StageModel model,
    List<String> lostReasons,
    List<String> invalidReasons,
    Duration owedFor,
    LocalTime digestAt) {
  /** The default time of the daily digest. */
  public static final LocalTime DIGEST_AT = LocalTime.of(9, 0);

  public StageSettings {
    lostReasons = List.copyOf(lostReasons);
    invalidReasons = List.copyOf(invalidReasons);
    Objects.requireNonNull(digestAt, "digestAt");
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

  /** With the digest at the default time. */
  public StageSettings(
      StageModel model, List<String> lostReasons, List<String> invalidReasons, Duration owedFor) {
    this(model, lostReasons, invalidReasons, owedFor, DIGEST_AT);
  }

  public static final List<String> DEFAULT_LOST_REASONS =
      List.of("价格不合适", "选择了竞品", "没有预算", "需求变化", "联系不上", "其他");

  public static final List<String> DEFAULT_INVALID_REASONS =
      List.of("非目标客户", "重复线索", "空号或错号", "同行或骚扰");

  public static final Duration DEFAULT_OWED_FOR = Duration.ofDays(14);

  public static StageSettings defaults() {
    return new StageSettings(
        StageModel.defaults(), DEFAULT_LOST_REASONS, DEFAULT_INVALID_REASONS, DEFAULT_OWED_FOR);
  }
}
