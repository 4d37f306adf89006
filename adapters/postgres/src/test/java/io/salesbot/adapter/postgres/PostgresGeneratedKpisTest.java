package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.DealGenerator;
import io.salesbot.core.testing.DealGenerator.Counts;
import io.salesbot.core.testing.DealGenerator.Figures;
import io.salesbot.core.testing.DealGenerator.Settings;
import io.salesbot.core.testing.InMemoryDealReports;
import io.salesbot.core.testing.InMemoryDeals;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemorySlaClocks;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The generator's deals written to PostgreSQL (60 of them, three teams: enough for every figure,
 * cheap on a busy machine): the SQL KPIs per team are the counts put in, and the SQL funnel equals
 * the in-memory one over the same seed (durations to the millisecond: percentile_cont rounds its
 * half milliseconds its own way).
 */
class PostgresGeneratedKpisTest {
  private final EmbeddedDatabase database = EmbeddedDatabase.shared();
  private final PostgresAdapter adapter = new PostgresAdapter(database.connectionFactory());
  private final StageModel model = StageModel.defaults();

  /** The generator's deals of one seed, in an emptied PostgreSQL and in the in-memory reference. */
  record Generated(Figures figures, InMemoryDealReports memory) {
    static Generated of(EmbeddedDatabase database, PostgresAdapter adapter, Settings settings) {
      StageModel model = StageModel.defaults();
      database.truncateAll();
      Figures figures =
          new DealGenerator(adapter.leads(), adapter.deals(), model).generate(settings).block();
      InMemoryLeads leads = new InMemoryLeads();
      InMemoryDeals deals = new InMemoryDeals();
      new DealGenerator(leads, deals, model).generate(settings).block();
      return new Generated(figures, new InMemoryDealReports(deals, new InMemorySlaClocks(leads)));
    }
  }

  @Test
  void sql_reports_show_what_the_generator_put_in() {
    Generated generated = Generated.of(database, adapter, Settings.defaults(12L).withScale(30, 60));
    Figures figures = generated.figures();
    InMemoryDealReports memory = generated.memory();

    for (Team team : figures.teams()) {
      ReportQuery q =
          new ReportQuery(
              team.id(),
              figures.from(),
              figures.to(),
              figures.to(),
              ReportQuery.stalledAfter(model),
              Duration.ofHours(24));
      Counts put = figures.byTeam().get(team.id());
      KpiFigures k = adapter.dealReports().kpis(q).block();
      assertThat(k.forwardMoves()).as(team.id()).isEqualTo(put.forward());
      assertThat(k.forwardInOrder()).as(team.id()).isEqualTo(put.forward() - put.overridden());
      assertThat(k.open()).as(team.id()).isEqualTo(put.open());
      assertThat(k.stalled()).as(team.id()).isEqualTo(put.stalled());
      Funnel sql = adapter.dealReports().funnel(q, model.stages().size()).block();
      Funnel java = memory.funnel(q, model.stages().size()).block();
      assertThat(sql.rows()).as(team.id()).hasSameSizeAs(java.rows());
      for (int i = 0; i < java.rows().size(); i++) {
        Funnel.Row a = sql.rows().get(i);
        Funnel.Row b = java.rows().get(i);
        assertThat(List.of(a.now(), a.stalled(), a.reached(), a.reachedInOrder(), a.stays()))
            .as(team.id() + " stage " + i)
            .isEqualTo(List.of(b.now(), b.stalled(), b.reached(), b.reachedInOrder(), b.stays()));
        assertThat(millis(a.averageDwell())).isCloseTo(millis(b.averageDwell()), within(1L));
        assertThat(millis(a.medianDwell())).isCloseTo(millis(b.medianDwell()), within(1L));
      }
    }
  }

  private static long millis(@Nullable Duration d) {
    return d == null ? -1 : d.toMillis();
  }
}
