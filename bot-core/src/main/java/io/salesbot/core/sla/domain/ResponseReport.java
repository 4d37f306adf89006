package io.salesbot.core.sla.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Response figures over a team's claimed leads: arrival → claim (the response SLA), claim → first
 * touch (the first-touch SLA) and arrival → first touch (what the customer waited), each as median
 * and p90 (nearest rank), and how many were claimed after their response SLA ran out.
 */
public record ResponseReport(
    int leads,
    @Nullable Duration claimMedian,
    @Nullable Duration claimP90,
    @Nullable Duration touchMedian,
    @Nullable Duration touchP90,
    @Nullable Duration totalMedian,
    @Nullable Duration totalP90,
    int claimedLate) {

  /** One lead: when it arrived, was claimed, was first touched, and its response due time. */
  public record Times(
      Instant arrivedAt,
      Instant claimedAt,
      @Nullable Instant contactedAt,
      @Nullable Instant responseDue) {
    /** Arrival → claim: what the response SLA measures. */
    public Duration claim() {
      return nonNegative(Duration.between(arrivedAt, claimedAt));
    }

    /** Claim → first touch (the first-touch SLA); null while not touched. */
    public @Nullable Duration touch() {
      return contactedAt == null ? null : nonNegative(Duration.between(claimedAt, contactedAt));
    }

    /** Arrival → first touch: what the customer waited; null while not touched. */
    public @Nullable Duration total() {
      return contactedAt == null ? null : nonNegative(Duration.between(arrivedAt, contactedAt));
    }
  }

  public static ResponseReport of(List<Times> times) {
    List<Duration> claim = new ArrayList<>();
    List<Duration> touch = new ArrayList<>();
    List<Duration> total = new ArrayList<>();
    int late = 0;
    for (Times t : times) {
      claim.add(t.claim());
      Duration touched = t.touch();
      Duration waited = t.total();
      if (touched != null && waited != null) {
        touch.add(touched);
        total.add(waited);
      }
      if (t.responseDue() != null && t.claimedAt().isAfter(t.responseDue())) {
        late++;
      }
    }
    Collections.sort(claim);
    Collections.sort(touch);
    Collections.sort(total);
    return new ResponseReport(
        times.size(),
        SlaReport.rank(claim, 50),
        SlaReport.rank(claim, 90),
        SlaReport.rank(touch, 50),
        SlaReport.rank(touch, 90),
        SlaReport.rank(total, 50),
        SlaReport.rank(total, 90),
        late);
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
