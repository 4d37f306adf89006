package io.salesbot.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KPIs of {@code /kpi} over a generated organisation (six teams, one per region, 2,000 deals)
 * report what the generator put in: 跨阶段推进准确率 and 项目停滞率 per team exactly, the stall rate within 0.04
 * of the configured share, and the east region (华东, which skips 需求诊断) worse than every other.
 */
class GeneratedKpisTest {
  static final StageModel MODEL = StageModel.defaults();
  static final Settings SETTINGS = Settings.defaults(12L).withScale(60, 2_000);

  static InMemoryDealReports reports;
  static Figures figures;

  @BeforeAll
  static void generate() {
    InMemoryLeads leads = new InMemoryLeads();
    InMemoryDeals deals = new InMemoryDeals();
    reports = new InMemoryDealReports(deals, new InMemorySlaClocks(leads));
    figures = new DealGenerator(leads, deals, MODEL).generate(SETTINGS).block();
  }

  static KpiFigures kpis(String teamId) {
    ReportQuery q =
        new ReportQuery(
            teamId,
            figures.from(),
            figures.to(),
            figures.to(),
            ReportQuery.stalledAfter(MODEL),
            Duration.ofHours(24));
    return reports.kpis(q).block();
  }

  @Test
  void kpis_of_each_team_are_what_the_generator_put_in() {
    assertThat(figures.total().deals()).isEqualTo(2_000);
    assertThat(figures.teams()).hasSize(6);
    for (Team team : figures.teams()) {
      Counts put = figures.byTeam().get(team.id());
      KpiFigures k = kpis(team.id());
      assertThat(k.forwardMoves()).as(team.id()).isEqualTo(put.forward());
      assertThat(k.forwardInOrder()).as(team.id()).isEqualTo(put.forward() - put.overridden());
      assertThat(k.open()).as(team.id()).isEqualTo(put.open());
      assertThat(k.stalled()).as(team.id()).isEqualTo(put.stalled());
      assertThat(k.inOrderRate()).as(team.id()).isCloseTo(put.inOrderRate(), within(1e-9));
      assertThat(k.stallRate()).as(team.id()).isCloseTo(put.stallRate(), within(1e-9));
    }
  }

  @Test
  void stall_rate_over_all_teams_is_the_configured_share() {
    long open = 0;
    long stalled = 0;
    for (Team team : figures.teams()) {
      KpiFigures k = kpis(team.id());
      open += k.open();
      stalled += k.stalled();
    }
    assertThat(open).isGreaterThan(800);
    assertThat((double) stalled / open).isCloseTo(SETTINGS.stallShare(), within(0.04));
  }

  @Test
  void east_skips_diagnosis_and_reworks_more_than_every_other_region() {
    Map<String, Double> inOrder = new HashMap<>();
    for (Team team : figures.teams()) {
      inOrder.put(figures.regionOf(team.id()), kpis(team.id()).inOrderRate());
    }
    double east = inOrder.get(DealGenerator.EAST);
    Counts eastPut = figures.byRegion().get(DealGenerator.EAST);
    assertThat(east).isLessThan(0.9);
    inOrder.forEach(
        (region, rate) -> {
          if (!region.equals(DealGenerator.EAST)) {
            assertThat(rate).as(region).isGreaterThan(east + 0.05);
            assertThat(eastPut.reworkRate())
                .as(region)
                .isGreaterThan(figures.byRegion().get(region).reworkRate() + 0.03);
          }
        });
  }

  @Test
  void the_same_seed_plans_the_same_deals() {
    DealGenerator generator = new DealGenerator(new InMemoryLeads(), new InMemoryDeals(), MODEL);
    Settings small = Settings.defaults(7L).withScale(12, 50);
    assertThat(generator.plan(small)).isEqualTo(generator.plan(small));
    assertThat(generator.plan(small))
        .isNotEqualTo(generator.plan(Settings.defaults(8L).withScale(12, 50)));
  }
}
