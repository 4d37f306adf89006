package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.Axis;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.Measure;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.team.StaticTeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.testing.InMemoryRecords;
import io.salesbot.core.testing.RecordGenerator;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drafts' two reads give the same scorecards on PostgreSQL: {@link ScoreDrafts#of} (the records
 * reduced in SQL: {@code /score}, {@code /leaderboard}, the console) and {@link ScoreDrafts#traced}
 * (the records read and reduced in memory: {@code /score … detail}, {@code /publish}), over a
 * generated dataset with every kind of record, correction, tombstone and quarantine; and the same
 * as over the in-memory store holding the same records.
 */
class PostgresScoreDraftsTest {
  private static final YearMonth LAST = YearMonth.of(2026, 6);
  private static final List<Address> REPS = RecordGenerator.reps(12);
  private static final EmbeddedDatabase DATABASE = EmbeddedDatabase.shared();
  private static final InMemoryRecords MEMORY = new InMemoryRecords();
  private static Records postgres;

  @BeforeAll
  static void generate() {
    DATABASE.truncateAll();
    postgres = new PostgresAdapter(DATABASE.connectionFactory()).records();
    RecordGenerator.fill(postgres, 2026, RecordRules.CHINA, REPS, LAST, 6, 8);
    RecordGenerator.fill(MEMORY, 2026, RecordRules.CHINA, REPS, LAST, 6, 8);
  }

  @Test
  void the_drafts_from_tallies_are_the_drafts_from_the_records_without_them() {
    for (YearMonth month = LAST.minusMonths(2); !month.isAfter(LAST); month = month.plusMonths(1)) {
      same(ScorecardModel.defaults(), month);
    }
  }

  @Test
  void so_they_are_with_targets_from_history_and_averaged_dimensions() {
    same(historyModel(), LAST);
    same(historyModel(), LAST.minusMonths(1));
  }

  private static void same(ScorecardModel model, YearMonth month) {
    ScoreDrafts onPostgres = drafts(postgres, model);
    List<Scorecard> traced = onPostgres.traced(month).block();
    assertThat(traced).as("every rep scored in %s", month).hasSize(REPS.size());
    assertThat(
            traced.stream()
                .flatMap(c -> c.dimensions().stream())
                .mapToInt(d -> d.records().size())
                .sum())
        .as("the records behind the figures are named")
        .isPositive();
    assertThat(traced.stream().filter(c -> c.composite().signum() > 0).count())
        .as("a month with scores, not all equal")
        .isGreaterThan(REPS.size() / 2);
    assertThat(onPostgres.of(month).block())
        .as("tallied in SQL = read and reduced in memory, %s", month)
        .containsExactlyElementsOf(traced.stream().map(Scorecard::withoutRecords).toList());
    assertThat(drafts(MEMORY, model).traced(month).block())
        .as("the same records in memory")
        .containsExactlyElementsOf(traced);
  }

  private static ScoreDrafts drafts(Records records, ScorecardModel model) {
    List<Team> teams = new ArrayList<>();
    for (int t = 0; t * 4 < REPS.size(); t++) {
      List<Member> members = new ArrayList<>();
      for (Address rep : REPS.subList(t * 4, Math.min(REPS.size(), (t + 1) * 4))) {
        members.add(new Member(rep, rep.userId()));
      }
      teams.add(
          new Team("t" + t, "组" + t, List.of(), Address.parse("wecom:boss" + t), "主管", members));
    }
    return new ScoreDrafts(
        records,
        new StaticTeamDirectory(teams, "t0"),
        () -> ScorecardModels.of(model),
        RecordRules::defaults);
  }

  /** Targets from each rep's history for two dimensions; satisfaction averaged. */
  private static ScorecardModel historyModel() {
    return new ScorecardModel(
        List.of(
            new Axis(
                "results",
                "业绩贡献",
                40,
                List.of(
                    history("contract-amount", "合同金额", Measure.CONTRACT_AMOUNT, 40, "50000"),
                    Dimension.of("payment-rate", "回款率", Measure.PAYMENT_RATE, 30, "0.9"),
                    Dimension.of("new-customers", "新客户数", Measure.NEW_CUSTOMERS, 30, "4"))),
            new Axis(
                "process",
                "过程质量",
                30,
                List.of(
                    history("visits", "客户拜访", Measure.VISITS, 34, "20"),
                    Dimension.of("follow-up", "跟进及时性", Measure.METRIC_AVERAGE, 33, "0.95"),
                    Dimension.of("satisfaction", "满意度", Measure.SATISFACTION, 33, "4"))),
            new Axis(
                "team",
                "团队协作",
                30,
                List.of(
                    Dimension.of("knowledge-shares", "知识分享", Measure.KNOWLEDGE_SHARES, 34, "2"),
                    Dimension.of("assists", "协助成交", Measure.ASSISTS, 33, "2"),
                    Dimension.of("mentoring", "新人带教", Measure.MENTORING_HOURS, 33, "8")))));
  }

  private static Dimension history(String id, String label, Measure m, int weight, String target) {
    return new Dimension(
        id, label, m, weight, new BigDecimal(target), Map.of(), Map.of(), true, 0, 100);
  }
}
