package io.salesbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, as {@code uptime} shows it (the machine may be shared). */
final class BenchLoad {
  private BenchLoad() {}

  /** "1 min, 5 min, 15 min" from {@code /proc/loadavg}, or "unknown". */
  static String average() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
