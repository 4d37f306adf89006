package io.salesbot.core.stage.domain;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A team's funnel: one row per stage, in the stages' order. Definitions in {@code docs/kpis.md}:
 * {@code now} and {@code stalled} are a snapshot of the team's open deals; {@code reached}, {@code
 * reachedInOrder} and the dwell figures are about the deals opened (claimed) in the period.
 */
public record Funnel(List<Row> rows) {
  public Funnel {
    rows = List.copyOf(rows);
  }

  /**
   * One stage.
   *
   * @param now open deals in this stage now
   * @param stalled of those, the ones without progress for longer than the stage's stalledAfter
   * @param reached deals opened in the period that were ever in this stage or a later one
   * @param reachedInOrder of those, the ones that got this far without any overridden (skipped)
   *     move
   * @param stays completed stays in this stage (entered, then left by a move or by closing) of
   *     deals opened in the period
   * @param averageDwell the mean of those stays; null without stays
   * @param medianDwell their median (interpolated, like SQL percentile_cont); null without stays
   */
  public record Row(
      int stage,
      long now,
      long stalled,
      long reached,
      long reachedInOrder,
      long stays,
      @Nullable Duration averageDwell,
      @Nullable Duration medianDwell) {}

  /** reached(i) / reached(i-1); null for the first stage or when nothing reached i-1. */
  public @Nullable Double conversionFromPrevious(int stage) {
    return stage == 0 ? null : ratio(rows.get(stage).reached(), rows.get(stage - 1).reached());
  }

  /** reached(i) / reached(0). */
  public @Nullable Double conversionFromFirst(int stage) {
    return ratio(rows.get(stage).reached(), rows.get(0).reached());
  }

  /** reachedInOrder(i) / reached(0): how far deals get when every gate is passed. */
  public @Nullable Double inOrderFromFirst(int stage) {
    return ratio(rows.get(stage).reachedInOrder(), rows.get(0).reached());
  }

  static @Nullable Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
