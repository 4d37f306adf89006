package io.salesbot.core.sla.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * First-touch figures over a set of clocks: median and p90 time to first touch (nearest rank), and
 * breaches per rep.
 */
public record SlaReport(
    int clocks,
    int contacted,
    @Nullable Duration median,
    @Nullable Duration p90,
    Map<Address, Integer> breachesByRep) {
  public static SlaReport of(List<SlaClock> clocks) {
    List<Duration> touches = new ArrayList<>();
    Map<Address, Integer> breaches = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (SlaClock c : clocks) {
      Duration d = c.firstTouch();
      if (d != null) {
        touches.add(d);
      }
      if (c.breached()) {
        breaches.merge(c.owner(), 1, Integer::sum);
      }
    }
    Collections.sort(touches);
    return new SlaReport(
        clocks.size(), touches.size(), rank(touches, 50), rank(touches, 90), Map.copyOf(breaches));
  }

  /** Nearest-rank percentile. */
  static @Nullable Duration rank(List<Duration> sorted, int percent) {
    if (sorted.isEmpty()) {
      return null;
    }
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
