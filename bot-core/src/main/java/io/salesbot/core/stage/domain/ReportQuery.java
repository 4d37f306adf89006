package io.salesbot.core.stage.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a report is about: a team, the period {@code [from, to)}, the moment it is asked ({@code
 * now}), each stage's stalledAfter (index = stage) and how long a manager has to act on a skip
 * request for it to count as timely.
 */
public record ReportQuery(
    String teamId,
    Instant from,
    Instant to,
    Instant now,
    List<Duration> stalledAfter,
    Duration actWithin) {
  public ReportQuery {
    Objects.requireNonNull(teamId, "teamId");
    stalledAfter = List.copyOf(stalledAfter);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a period must end after it starts: " + from + ", " + to);
    }
  }

  /** Each stage's stalledAfter, from the stage model. */
  public static List<Duration> stalledAfter(StageModel model) {
    return model.stages().stream().map(StageDef::stalledAfter).toList();
  }

  /** The stalledAfter of a stage index (the last one's for an index past the end). */
  public Duration stalledAfter(int stage) {
    return stalledAfter.get(Math.min(stage, stalledAfter.size() - 1));
  }

  /**
   * The same query over consecutive periods, {@code [bounds[i], bounds[i + 1])}: the period from
   * the first bound to the last.
   *
   * @throws IllegalArgumentException unless there are at least two bounds, each after the one
   *     before
   */
  public ReportQuery spanning(List<Instant> bounds) {
    if (bounds.size() < 2) {
      throw new IllegalArgumentException("periods need at least two bounds, got " + bounds);
    }
    for (int i = 1; i < bounds.size(); i++) {
      if (!bounds.get(i - 1).isBefore(bounds.get(i))) {
        throw new IllegalArgumentException("bounds must increase: " + bounds);
      }
    }
    return during(bounds.get(0), bounds.get(bounds.size() - 1));
  }

  /** The same query for another period. */
  public ReportQuery during(Instant otherFrom, Instant otherTo) {
    return new ReportQuery(teamId, otherFrom, otherTo, now, stalledAfter, actWithin);
  }
}
