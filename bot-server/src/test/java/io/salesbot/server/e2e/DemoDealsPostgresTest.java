package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportPeriod;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.server.demo.DemoDeals;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The try-out demo deals written to the embedded PostgreSQL of the e2e context (for a team of their
 * own, so no other test sees them): created once, and the SQL reports show every stage, the stalls,
 * both skips and the endings.
 */
class DemoDealsPostgresTest extends EndToEndSupport {
  @Autowired PostgresAdapter postgres;
  @Autowired StageSettings stages;
  @Autowired Clock clock;

  @Test
  void demo_deals_land_in_postgresql_once_and_show_in_the_reports() {
    String id = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    Team team =
        new Team(
            id,
            "演示组",
            List.of("华东"),
            Address.parse("sandbox:" + id + "-mgr"),
            "经理",
            List.of(
                new Member(Address.parse("sandbox:" + id + "-a"), "甲"),
                new Member(Address.parse("sandbox:" + id + "-b"), "乙")));
    DemoDeals demo =
        new DemoDeals(
            postgres.leads(),
            postgres.deals(),
            new StaticTeamDirectory(List.of(team), id),
            stages,
            clock);

    assertThat(demo.load().block()).isEqualTo(9);
    assertThat(demo.load().block()).isZero();

    ReportPeriod p = ReportPeriod.lastDays(30, clock.instant());
    ReportQuery q =
        new ReportQuery(
            id,
            p.from(),
            p.to(),
            clock.instant(),
            ReportQuery.stalledAfter(stages.model()),
            Duration.ofHours(24));
    var reports = postgres.dealReports();
    assertThat(reports.funnel(q, stages.model().stages().size()).block().rows())
        .allSatisfy(r -> assertThat(r.now()).isPositive());
    assertThat(reports.stalled(q, 10).collectList().block()).hasSize(2);
    assertThat(reports.skips(q, 10).collectList().block())
        .extracting(SkipRequest::state)
        .containsExactlyInAnyOrder(SkipRequest.State.PENDING, SkipRequest.State.APPROVED);
    KpiFigures k = reports.kpis(q).block();
    assertThat(k.won()).isEqualTo(1);
    assertThat(k.lost()).isEqualTo(1);
    assertThat(k.forwardInOrder()).isLessThan(k.forwardMoves());
  }
}
