package io.salesbot.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the Markdown report. */
final class Report {
  /** Targets the figures are read against. */
  static final double TARGET_P99_MS = 25;

  static final double TARGET_DRAIN_PER_S = 500;

  private final StringBuilder out = new StringBuilder();

  Report line(String text) {
    out.append(text).append('\n');
    return this;
  }

  Report line(String format, Object... args) {
    return line(String.format(Locale.ROOT, format, args));
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores (Runtime.availableProcessors), JDK %s (%s), %s %s %s, max heap of this generator"
            + " %d MiB",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  /** The 1-minute load average from /proc/loadavg, or "unknown" off Linux. */
  static String loadAverage() {
    try {
      String text = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"));
      return text.split("\\s+")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String phaseHeader() {
    return "| phase | offered req/s × s | sent | 202 | 202/s achieved | other statuses | errors"
        + " | p50 ms | p90 ms | p99 ms | max ms | max send lag ms |\n"
        + "|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|";
  }

  static String phaseRow(LoadPhase p) {
    long[] l = p.sortedAcceptedLatencies();
    double window = Math.max(p.seconds, (p.lastAnswerNanos() - p.startNanos()) / 1e9);
    return String.format(
        Locale.ROOT,
        "| %s | %,d × %d | %,d | %,d | %,.0f | %s | %s | %s | %s | %s | %s | %.1f |",
        p.name,
        p.rate,
        p.seconds,
        p.sentCount(),
        p.acceptedCount(),
        p.acceptedCount() / window,
        p.otherStatuses().isEmpty() ? "none" : describe(p.otherStatuses()),
        p.errors().isEmpty() ? "none" : describe(p.errors()),
        ms(percentile(l, 0.50)),
        ms(percentile(l, 0.90)),
        ms(percentile(l, 0.99)),
        ms(l.length == 0 ? -1 : l[l.length - 1]),
        p.maxSendLagNanos() / 1e6);
  }

  /** Nearest-rank percentile of sorted values; -1 when there are none. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  static String ms(long nanos) {
    return nanos < 0 ? "–" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  static String seconds(long micros) {
    return String.format(Locale.ROOT, "%.1f s", micros / 1e6);
  }

  static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }

  private static String describe(Map<?, Long> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(k + ": " + String.format(Locale.ROOT, "%,d", v)));
    return String.join(", ", parts);
  }

  /** The largest number of values falling into one whole second. */
  static long peakPerSecond(long[] epochMicros) {
    Map<Long, Long> buckets = new HashMap<>();
    long peak = 0;
    for (long t : epochMicros) {
      peak = Math.max(peak, buckets.merge(t / 1_000_000, 1L, Long::sum));
    }
    return peak;
  }

  static long[] sorted(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
