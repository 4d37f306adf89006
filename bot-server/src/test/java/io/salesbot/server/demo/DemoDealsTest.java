package io.salesbot.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.InMemoryDealReports;
import io.salesbot.core.testing.InMemoryDeals;
import io.salesbot.core.testing.InMemoryLeads;
import io.salesbot.core.testing.InMemorySlaClocks;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.TestTeams;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDealsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T02:00:00Z"));
  final StageModel model = StageModel.defaults();
  final StaticTeamDirectory directory = TestTeams.directory();
  final InMemoryLeads leads = new InMemoryLeads();
  final InMemoryDeals deals = new InMemoryDeals();
  final InMemoryDealReports reports = new InMemoryDealReports(deals, new InMemorySlaClocks(leads));
  final DemoDeals demo = new DemoDeals(leads, deals, directory, StageSettings.defaults(), clock);

  ReportQuery lastThirtyDays(Team team) {
    ReportPeriod p = ReportPeriod.lastDays(30, clock.instant());
    return new ReportQuery(
        team.id(),
        p.from(),
        p.to(),
        clock.instant(),
        ReportQuery.stalledAfter(model),
        Duration.ofHours(24));
  }

  @Test
  void gives_every_team_deals_in_every_stage_stalls_skips_and_endings() {
    int created = demo.load().block();

    assertThat(created).isEqualTo(18);
    for (Team team : directory.teams()) {
      ReportQuery q = lastThirtyDays(team);
      Funnel funnel = reports.funnel(q, model.stages().size()).block();
      assertThat(funnel.rows()).allSatisfy(r -> assertThat(r.now()).as(team.id()).isPositive());
      assertThat(reports.stalled(q, 10).collectList().block()).as(team.id()).hasSize(2);
      List<SkipRequest> skips = reports.skips(q, 10).collectList().block();
      assertThat(skips)
          .extracting(SkipRequest::state)
          .containsExactlyInAnyOrder(SkipRequest.State.PENDING, SkipRequest.State.APPROVED);
      KpiFigures k = reports.kpis(q).block();
      assertThat(k.won()).as(team.id()).isEqualTo(1);
      assertThat(k.lost()).as(team.id()).isEqualTo(1);
      assertThat(k.inOrderRate()).as(team.id()).isBetween(0.5, 0.99);
      assertThat(k.stallRate()).as(team.id()).isPositive();
      assertThat(deals.snapshot().deals())
          .filteredOn(d -> d.teamId().equals(team.id()))
          .extracting(Deal::owner)
          .containsAll(team.members().stream().map(m -> m.id()).toList());
    }
    assertThat(leads.findById(deals.snapshot().deals().get(0).id()).block()).isNotNull();
  }

  @Test
  void creates_them_once() {
    demo.load().block();
    InMemoryDeals.Snapshot before = deals.snapshot();

    int again = demo.load().block();

    assertThat(again).isZero();
    assertThat(deals.snapshot()).isEqualTo(before);
  }

  @Test
  void adds_nothing_when_a_team_has_deals_already() {
    deals.open(Deal.open("lead-1", "south", TestTeams.CHENQI, clock.instant(), model)).block();

    assertThat(demo.load().block()).isZero();
    assertThat(deals.snapshot().deals()).hasSize(1);
  }

  @Test
  void uses_the_configured_lost_reasons_and_owed_for_period() {
    StageSettings configured =
        new StageSettings(model, List.of("预算冻结"), List.of("非目标客户"), Duration.ofDays(5));
    new DemoDeals(leads, deals, directory, configured, clock).load().block();

    assertThat(deals.snapshot().deals())
        .filteredOn(d -> d.outcome() == DealOutcome.LOST)
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.outcomeReason()).isEqualTo("预算冻结"));
    List<Deal> owing =
        deals.snapshot().deals().stream().filter(d -> !d.owed(model).isEmpty()).toList();
    assertThat(owing).isNotEmpty();
    for (Deal d : owing) {
      CheckpointState owed = d.state(d.owed(model).get(0).id());
      Instant skipped =
          deals.transitions(d.id()).filter(t -> t.overridden()).map(t -> t.at()).blockLast();
      assertThat(owed.dueAt()).isEqualTo(skipped.plus(Duration.ofDays(5)));
    }
  }
}
