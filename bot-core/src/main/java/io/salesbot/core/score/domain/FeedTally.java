package io.salesbot.core.score.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One source's deliveries over a span: how many records arrived, how many were quarantined or
 * refused, the longest time without any (between two deliveries, or from the last one to the span's
 * end), and the last delivery.
 */
public record FeedTally(
    String source,
    long delivered,
    long quarantined,
    long refused,
    Duration longestGap,
    Instant last) {
  /** Quarantined and refused as a share of delivered, in whole percent. */
  public long failedPercent() {
    return delivered == 0 ? 0 : (quarantined + refused) * 100 / delivered;
  }
}
