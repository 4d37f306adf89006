package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.DealGenerator.Figures;
import io.salesbot.core.testing.DealGenerator.Settings;
import io.salesbot.core.testing.InMemoryDealReports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The KPIs' "open at the period's end, and stalled then" in SQL equal the in-memory reference
 * ({@code docs/kpis.md}) over the generator's deals — opened all through six months, moved on, sent
 * back, skipped, won, lost and invalidated at every point — for every week of the six months asked
 * in one call: ends before a deal's claim, between its moves, after its close, and before progress
 * it made since (where the SQL reads the deal's moves instead of its state now). Thresholds of a
 * few days per stage make the stalled counts depend on the stage a deal was in at each end.
 */
class PostgresOpenAtEndTest {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());
  private final StageModel model = StageModel.defaults();

  @Test
  void open_and_stalled_at_every_weeks_end_equal_the_reference() {
    PostgresGeneratedKpisTest.Generated generated =
        PostgresGeneratedKpisTest.Generated.of(
            database, adapter, Settings.defaults(16L).withScale(20, 160));
    Figures figures = generated.figures();
    InMemoryDealReports memory = generated.memory();

    List<List<Duration>> thresholds =
        List.of(
            ReportQuery.stalledAfter(model),
            List.of(
                Duration.ofDays(2),
                Duration.ofDays(5),
                Duration.ofHours(30),
                Duration.ofDays(9),
                Duration.ofDays(4)),
            Collections.nCopies(5, Duration.ofDays(7)));
    long stalledSeen = 0;
    for (Team team : figures.teams()) {
      for (List<Duration> stalledAfter : thresholds) {
        List<ReportQuery> weeks = new ArrayList<>();
        Instant now = figures.to().plus(Duration.ofDays(3));
        for (Instant w = figures.from().minus(Duration.ofDays(7));
            w.isBefore(now);
            w = w.plus(Duration.ofDays(7)).plusSeconds(3_607)) {
          weeks.add(
              new ReportQuery(
                  team.id(),
                  w,
                  w.plus(Duration.ofDays(7)),
                  now,
                  stalledAfter,
                  Duration.ofHours(24)));
        }
        // one long period beside the weeks, as the dashboard asks the period and its weeks
        weeks.add(
            new ReportQuery(
                team.id(), figures.from(), now, now, stalledAfter, Duration.ofHours(24)));
        List<KpiFigures> sql = adapter.dealReports().kpis(weeks).block();
        List<KpiFigures> java = memory.kpis(weeks).block();
        for (int i = 0; i < weeks.size(); i++) {
          String at = team.id() + " " + stalledAfter + " end " + weeks.get(i).to();
          assertThat(sql.get(i).open()).as(at).isEqualTo(java.get(i).open());
          assertThat(sql.get(i).stalled()).as(at).isEqualTo(java.get(i).stalled());
          assertThat(sql.get(i).won()).as(at).isEqualTo(java.get(i).won());
          assertThat(sql.get(i).lost()).as(at).isEqualTo(java.get(i).lost());
          assertThat(sql.get(i).forwardMoves()).as(at).isEqualTo(java.get(i).forwardMoves());
          stalledSeen += java.get(i).stalled();
        }
        // the counts vary over the weeks: deals open and close, stall and move on
        assertThat(java.stream().map(KpiFigures::open).distinct().count()).isGreaterThan(3);
      }
    }
    assertThat(stalledSeen).isPositive();
  }
}
