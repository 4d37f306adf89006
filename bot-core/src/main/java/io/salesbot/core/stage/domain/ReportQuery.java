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
   * The one query that covers {@code periods} — from the earliest start to the latest end — when
   * they are all of the same team, {@code now}, thresholds and time to act.
   *
   * @throws IllegalArgumentException for no periods, or periods that differ in more than their
   *     period
   */
  public static ReportQuery covering(List<ReportQuery> periods) {
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("no periods");
    }
    ReportQuery first = periods.get(0);
    Instant from = first.from;
    Instant to = first.to;
    for (ReportQuery p : periods) {
      if (!p.during(first.from, first.to).equals(first)) {
        throw new IllegalArgumentException("periods of one query only: " + first + ", " + p);
      }
      from = p.from.isBefore(from) ? p.from : from;
      to = p.to.isAfter(to) ? p.to : to;
    }
    return first.during(from, to);
  }

  /** The same query for another period. */
  public ReportQuery during(Instant otherFrom, Instant otherTo) {
    return new ReportQuery(teamId, otherFrom, otherTo, now, stalledAfter, actWithin);
  }
}
