package io.salesbot.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link DealBenchmark} measured, rendered as Markdown with the targets read against it. */
final class DealReport {
  private static final long REPORT_TARGET_MS = 300;
  private static final long SCAN_TARGET_MS = 5_000;

  private final Map<String, DealDataset.Loaded> loads = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder timings = new StringBuilder();
  private final List<String> verdicts = new ArrayList<>();
  private final StringBuilder scan = new StringBuilder();
  private final StringBuilder acks = new StringBuilder();
  private long idleAckP99 = -1;

  void load(String name, DealDataset.Loaded loaded) {
    loads.put(name, loaded);
    line(
        name
            + " dataset: "
            + loaded.deals()
            + " deals ("
            + loaded.open()
            + " open, "
            + loaded.figures().total().stalled()
            + " of them stalled) in "
            + loaded.figures().teams().size()
            + " teams, "
            + loaded.transitions()
            + " stage transitions + "
            + loaded.leadAudit()
            + " lead audit rows = "
            + loaded.auditRows()
            + " audit rows, "
            + loaded.skips()
            + " skip requests; generated in memory in "
            + loaded.generateMs()
            + " ms, COPY + VACUUM ANALYZE in "
            + loaded.copyMs()
            + " ms");
  }

  DealDataset.Loaded loaded(String name) {
    return loads.get(name);
  }

  void line(String text) {
    lines.add(text);
    System.err.println("[deal-bench] " + text);
  }

  void timings(String name, List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    timings
        .append("| ")
        .append(name)
        .append(" | ")
        .append(s.size())
        .append(" | ")
        .append(ms(pct(s, 50)))
        .append(" | ")
        .append(ms(pct(s, 90)))
        .append(" | ")
        .append(ms(pct(s, 99)))
        .append(" | ")
        .append(ms(s.get(s.size() - 1)))
        .append(" |\n");
    System.err.println("[deal-bench] " + name + ": p99 " + ms(pct(s, 99)) + " ms");
    if (name.startsWith("/funnel") || name.startsWith("/kpi")) {
      verdicts.add(
          name
              + ": p99 "
              + ms(pct(s, 99))
              + " ms — target p99 ≤ "
              + REPORT_TARGET_MS
              + " ms "
              + (pct(s, 99) <= REPORT_TARGET_MS * 1_000_000 ? "met" : "MISSED"));
    }
  }

  void scan(List<Long> runs, int sent, int teams, long open) {
    List<Long> s = new ArrayList<>(runs);
    Collections.sort(s);
    long median = s.get(s.size() / 2);
    scan.append("- stall scan (every team's daily digest over ")
        .append(open)
        .append(" open deals, ")
        .append(teams)
        .append(" teams, 16 digests at a time): runs ")
        .append(runs.stream().map(n -> ms(n) + " ms").toList())
        .append(", median ")
        .append(ms(median))
        .append(" ms; digests sent by the last run: ")
        .append(sent)
        .append(" of ")
        .append(teams)
        .append('\n');
    verdicts.add(
        "stall scan over "
            + open
            + " open deals: median "
            + ms(median)
            + " ms — target ≤ "
            + SCAN_TARGET_MS
            + " ms "
            + (median <= SCAN_TARGET_MS * 1_000_000 ? "met" : "MISSED"));
    System.err.println("[deal-bench] scan median " + ms(median) + " ms");
  }

  void ack(String phase, List<Long> nanos, String load) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    long p99 = s.isEmpty() ? -1 : pct(s, 99);
    acks.append("| ")
        .append(phase)
        .append(" | ")
        .append(s.size())
        .append(" | ")
        .append(s.isEmpty() ? "-" : ms(pct(s, 50)))
        .append(" | ")
        .append(s.isEmpty() ? "-" : ms(pct(s, 90)))
        .append(" | ")
        .append(s.isEmpty() ? "-" : ms(p99))
        .append(" | ")
        .append(s.isEmpty() ? "-" : ms(s.get(s.size() - 1)))
        .append(" | ")
        .append(load)
        .append(" |\n");
    System.err.println("[deal-bench] ack " + phase + ": p99 " + ms(p99) + " ms");
    if (idleAckP99 < 0) {
      idleAckP99 = p99;
    } else {
      verdicts.add(
          "intake ack p99 during the scan "
              + ms(p99)
              + " ms vs idle "
              + ms(idleAckP99)
              + " ms ("
              + String.format("%.1f", (double) p99 / idleAckP99)
              + "×) — target ≤ 2× "
              + (p99 <= 2 * idleAckP99 ? "met" : "MISSED"));
    }
  }

  String render(int deals, int scanDeals, int calls, int warmup, int pool) {
    StringBuilder b = new StringBuilder("## Deal reports and the stall scan (DealBenchmark)\n\n");
    b.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, JDK ")
        .append(System.getProperty("java.version"))
        .append(" (")
        .append(System.getProperty("java.vm.name"))
        .append("), embedded PostgreSQL (zonky) and Redis on the same machine; R2DBC pool ")
        .append(pool)
        .append('\n');
    for (String l : lines) {
      b.append("- ").append(l).append('\n');
    }
    b.append("\nReports: ")
        .append(warmup)
        .append(" untimed calls, then ")
        .append(calls)
        .append(" timed, one at a time, teams in turn, through `PostgresDealReports` (ms):\n\n");
    b.append("| report | calls | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
    b.append(timings);
    b.append('\n').append(scan);
    b.append("\nLead intake acknowledgement (`SubmitLead` onto the Redis queue, open loop, ms from")
        .append(" the scheduled send):\n\n");
    b.append("| phase | acks | p50 | p90 | p99 | max | load average at the end |\n")
        .append("|---|---|---|---|---|---|---|\n");
    b.append(acks);
    b.append("\nAgainst the targets:\n\n");
    for (String v : verdicts) {
      b.append("- ").append(v).append('\n');
    }
    return b.toString();
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1_000_000.0);
  }

  private static long pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
