package io.salesbot.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Maps {@link System#nanoTime()} readings to wall-clock time, to compare with the server's. */
final class Clocks {
  private final long baseNanos;
  private final long baseEpochMicros;

  Clocks() {
    Instant now = Instant.now();
    baseNanos = System.nanoTime();
    baseEpochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  long epochMicros(long nanos) {
    return baseEpochMicros + (nanos - baseNanos) / 1_000;
  }

  static long epochMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  static Instant instant(long epochMicros) {
    return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
  }
}
