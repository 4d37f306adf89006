package io.salesbot.core.sla;

import io.salesbot.core.kernel.Messages;
import java.time.Duration;

/** A duration in words: the largest whole unit (days, hours, minutes, seconds). */
final class Spans {
  private Spans() {}

  static String of(Messages messages, Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s >= 86_400 && s % 86_400 == 0) {
      return messages.get("span.days", s / 86_400);
    }
    if (s >= 3_600 && s % 3_600 == 0) {
      return messages.get("span.hours", s / 3_600);
    }
    if (s >= 60 && s % 60 == 0) {
      return messages.get("span.minutes", s / 60);
    }
    return messages.get("span.seconds", s);
  }

  /** The same in English, for the audit log. */
  static String english(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s >= 86_400 && s % 86_400 == 0) {
      return (s / 86_400) + " days";
    }
    if (s >= 3_600 && s % 3_600 == 0) {
      return (s / 3_600) + " h";
    }
    if (s >= 60 && s % 60 == 0) {
      return (s / 60) + " min";
    }
    return s + " s";
  }

  /** Compact, for the audit log: {@code 5m 30s}, {@code 45s}. */
  static String compact(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s >= 60 ? (s / 60) + "m" + (s % 60 > 0 ? " " + (s % 60) + "s" : "") : s + "s";
  }
}
