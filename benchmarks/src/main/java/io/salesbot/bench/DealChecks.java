package io.salesbot.bench;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.DealGenerator.Counts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the bulk-loaded rows are what the production adapters read: every team's funnel (open
 * deals per stage) and KPIs over the whole period against the counts the generator put in, and a
 * sample of deals read back through {@code PostgresDeals} equal to the generated ones.
 */
final class DealChecks {
  private DealChecks() {}

  static void check(PostgresAdapter adapter, DealReport report, StageModel model) {
    DealDataset.Loaded loaded = report.loaded("reports");
    ReportPeriod whole = ReportPeriod.lastDays(180, DealBenchmark.NOW);
    List<String> wrong = new ArrayList<>();
    long funnelOpen = 0;
    long kpiForward = 0;
    for (Team team : loaded.figures().teams()) {
      Counts put = loaded.figures().byTeam().get(team.id());
      if (put == null) {
        continue;
      }
      var q = DealBenchmark.query(team, whole, model);
      Funnel f =
          adapter.dealReports().funnel(q, model.stages().size()).block(Duration.ofMinutes(2));
      KpiFigures k = adapter.dealReports().kpis(q).block(Duration.ofMinutes(2));
      long open = f.rows().stream().mapToLong(Funnel.Row::now).sum();
      long stalled = f.rows().stream().mapToLong(Funnel.Row::stalled).sum();
      funnelOpen += open;
      kpiForward += k.forwardMoves();
      expect(wrong, team.id() + " funnel open", put.open(), open);
      expect(wrong, team.id() + " funnel stalled", put.stalled(), stalled);
      expect(wrong, team.id() + " funnel reached stage 0", put.deals(), f.rows().get(0).reached());
      expect(wrong, team.id() + " kpi forward moves", put.forward(), k.forwardMoves());
      expect(
          wrong, team.id() + " kpi in order", put.forward() - put.overridden(), k.forwardInOrder());
      expect(wrong, team.id() + " kpi open", put.open(), k.open());
      expect(wrong, team.id() + " kpi stalled", put.stalled(), k.stalled());
    }
    int differ = 0;
    for (Deal d : loaded.sample()) {
      Deal read = adapter.deals().find(d.id()).block(Duration.ofMinutes(1));
      if (!d.equals(read)) {
        differ++;
      }
    }
    if (differ > 0) {
      wrong.add(differ + " of " + loaded.sample().size() + " sampled deals read back differently");
    }
    report.line(
        "sanity check (whole period, every team, production adapter): funnel open deals "
            + funnelOpen
            + " (put in "
            + loaded.figures().total().open()
            + "), KPI forward moves "
            + kpiForward
            + " (put in "
            + loaded.figures().total().forward()
            + "), "
            + loaded.sample().size()
            + " sampled deals read back through PostgresDeals: "
            + (differ == 0 ? "equal" : differ + " differ")
            + " — "
            + (wrong.isEmpty()
                ? "PASSED"
                : "FAILED: " + String.join("; ", wrong.subList(0, Math.min(10, wrong.size())))));
  }

  private static void expect(List<String> wrong, String what, long expected, long actual) {
    if (expected != actual) {
      wrong.add(what + " " + actual + " ≠ " + expected);
    }
  }
}
