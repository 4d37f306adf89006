package io.salesbot.core.score.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One of a scorecard's dimensions: what it measures, its weight within its axis (percent), its
 * target and the score's floor and cap (points, 0–100). A rep's score is {@code 100 × figure ÷
 * target}, held between floor and cap.
 *
 * @param target the default target of a period's figure, more than 0
 * @param teamTargets targets for the reps of a team, by team id
 * @param repTargets targets for single reps, by address ({@code wecom:ZhangSan})
 * @param fromHistory when true, a rep's target is the median of their own figures of the last three
 *     periods that have one (the other targets when they have none)
 */
public record Dimension(
    String id,
    String label,
    Measure measure,
    int weight,
    BigDecimal target,
    Map<String, BigDecimal> teamTargets,
    Map<String, BigDecimal> repTargets,
    boolean fromHistory,
    int floor,
    int cap) {
  public Dimension {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(measure, "measure");
    teamTargets = Map.copyOf(teamTargets);
    repTargets = Map.copyOf(repTargets);
  }

  /** A dimension with one target for everybody, floor 0 and cap 100. */
  public static Dimension of(String id, String label, Measure measure, int weight, String target) {
    return new Dimension(
        id, label, measure, weight, new BigDecimal(target), Map.of(), Map.of(), false, 0, 100);
  }
}
