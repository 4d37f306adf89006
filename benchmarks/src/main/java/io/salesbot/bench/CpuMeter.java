package io.salesbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU use from Linux's /proc, to tell whether the server, this generator or something else had the
 * cores during a phase. Off Linux every figure is unknown and the report says so.
 */
final class CpuMeter {
  /** Linux's USER_HZ: /proc counts CPU time in these ticks per second. */
  private static final double TICKS_PER_SECOND = 100;

  private final long serverPid;
  private final long redisPid;

  /**
   * @param serverPid the server JVM's process id, or 0 when unknown
   */
  CpuMeter(long serverPid) {
    this(serverPid, 0);
  }

  /**
   * @param serverPid the server JVM's process id, or 0 when unknown
   * @param redisPid the Redis server's process id, or 0 when unknown or none
   */
  CpuMeter(long serverPid, long redisPid) {
    this.serverPid = serverPid;
    this.redisPid = redisPid;
  }

  /** One reading; {@code -1} where a figure could not be read. */
  record Sample(
      long nanos, long machineBusy, long machineTotal, long self, long server, long redis) {}

  Sample sample() {
    long busy = -1;
    long total = -1;
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      busy = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      total = busy + idle;
    } catch (IOException | RuntimeException e) {
      // Not Linux: unknown.
    }
    return new Sample(
        System.nanoTime(),
        busy,
        total,
        processTicks(ProcessHandle.current().pid()),
        processTicks(serverPid),
        processTicks(redisPid));
  }

  private static long processTicks(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** E.g. "machine 97% busy; server JVM 1.21, generator 0.35, the rest 0.38 cores". */
  static String describe(Sample a, Sample b) {
    if (a.machineTotal() < 0 || b.machineTotal() <= a.machineTotal()) {
      return "unknown";
    }
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    double busyCores = (b.machineBusy() - a.machineBusy()) / TICKS_PER_SECOND / seconds;
    double busyShare =
        (double) (b.machineBusy() - a.machineBusy()) / (b.machineTotal() - a.machineTotal());
    double self = cores(a.self(), b.self(), seconds);
    double server = cores(a.server(), b.server(), seconds);
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, "machine %.0f%% busy", busyShare * 100));
    if (server >= 0 && self >= 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "; server JVM %.2f, generator %.2f, the rest (PostgreSQL, Redis, anything else)"
                  + " %.2f cores",
              server,
              self,
              Math.max(0, busyCores - server - self)));
    }
    return s.toString();
  }

  /** The server JVM's CPU time (user + system) between two readings per {@code answers}, in ms. */
  static double serverMillisPer(Sample a, Sample b, long answers) {
    if (a.server() < 0 || b.server() < 0 || answers <= 0) {
      return -1;
    }
    return (b.server() - a.server()) * 1000 / TICKS_PER_SECOND / answers;
  }

  /** The Redis server's CPU time between two readings per {@code answers}, in ms; -1 unknown. */
  static double redisMillisPer(Sample a, Sample b, long answers) {
    if (a.redis() < 0 || b.redis() < 0 || answers <= 0) {
      return -1;
    }
    return (b.redis() - a.redis()) * 1000 / TICKS_PER_SECOND / answers;
  }

  private static double cores(long from, long to, double seconds) {
    return from < 0 || to < 0 ? -1 : (to - from) / TICKS_PER_SECOND / seconds;
  }
}
