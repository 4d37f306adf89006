package io.salesbot.core.score.domain;

import static io.salesbot.core.score.domain.ScoreFixtures.LI;
import static io.salesbot.core.score.domain.ScoreFixtures.WANG;
import static io.salesbot.core.score.domain.ScoreFixtures.ZHANG;
import static io.salesbot.core.score.domain.ScoreFixtures.input;
import static io.salesbot.core.score.domain.ScoreFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreCalculatorTest {
  private static final ScorecardModel MODEL = ScorecardModel.defaults();

  private static Scorecard of(List<Scorecard> cards, Address rep) {
    return cards.stream().filter(c -> c.rep().equals(rep)).findFirst().orElseThrow();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  @Test
  void a_worked_example_figure_by_figure() {
    List<SalesRecord> records = new ArrayList<>();
    // 张三: 300,000 signed (60 % of 500,000), 2 new customers (50 %), 10 visits (50 %),
    // proposals 4 by metric (100 %), follow-up 0.95 (100 %), 1 share (50 %), 2 assists (100 %),
    // mentoring 4 h (50 %); a contract of February with 100,000 owed, 45,000 paid in March (50 %).
    records.add(record(RecordType.CONTRACT, ZHANG, 3, "customer", "甲", "amount", "300000"));
    records.add(
        record(
            RecordType.CONTRACT,
            ZHANG,
            LocalDate.of(2026, 2, 10),
            "customer",
            "乙",
            "amount",
            "100000"));
    String february = records.get(1).key().externalId();
    records.add(record(RecordType.PAYMENT, LI, 12, "contract", february, "amount", "45000"));
    records.add(record(RecordType.NEW_CUSTOMER, ZHANG, 4, "customer", "甲"));
    records.add(record(RecordType.NEW_CUSTOMER, ZHANG, 5, "customer", "丙"));
    for (int i = 1; i <= 10; i++) {
      records.add(record(RecordType.VISIT, ZHANG, i, "customer", "甲", "duration", "30"));
    }
    records.add(record(RecordType.METRIC, ZHANG, 31, "dimension", "proposals", "value", "4"));
    records.add(record(RecordType.METRIC, ZHANG, 31, "dimension", "follow-up", "value", "0.95"));
    records.add(record(RecordType.KNOWLEDGE_SHARE, ZHANG, 8, "title", "行业方案"));
    records.add(record(RecordType.ASSIST, ZHANG, 9, "contract", "x-1"));
    records.add(record(RecordType.ASSIST, ZHANG, 10, "contract", "x-2"));
    records.add(record(RecordType.MENTORING, ZHANG, 11, "mentee", "wecom:xiaoming", "hours", "4"));
    // 李四: nothing but a record from April, which does not count.
    records.add(
        record(
            RecordType.CONTRACT,
            LI,
            LocalDate.of(2026, 4, 1),
            "customer",
            "丁",
            "amount",
            "900000"));

    List<Scorecard> cards =
        ScoreCalculator.compute(MODEL, input(Map.of(ZHANG, "east", LI, "east"), records));

    Scorecard zhang = of(cards, ZHANG);
    assertThat(zhang.dimension("contract-amount").figure()).isEqualByComparingTo("300000");
    assertThat(zhang.dimension("contract-amount").score()).isEqualByComparingTo("60.00");
    assertThat(zhang.dimension("payment-rate").figure()).isEqualByComparingTo("0.45");
    assertThat(zhang.dimension("payment-rate").score()).isEqualByComparingTo("50.00");
    assertThat(zhang.dimension("payment-rate").records()).hasSize(2);
    assertThat(zhang.dimension("new-customers").score()).isEqualByComparingTo("50.00");
    assertThat(zhang.dimension("visits").score()).isEqualByComparingTo("50.00");
    assertThat(zhang.dimension("visits").records()).hasSize(10);
    assertThat(zhang.dimension("proposals").score()).isEqualByComparingTo("100.00");
    assertThat(zhang.dimension("follow-up").score()).isEqualByComparingTo("100.00");
    assertThat(zhang.dimension("knowledge-shares").score()).isEqualByComparingTo("50.00");
    assertThat(zhang.dimension("assists").score()).isEqualByComparingTo("100.00");
    assertThat(zhang.dimension("mentoring").score()).isEqualByComparingTo("50.00");
    // 业绩 (60×40 + 50×30 + 50×30) / 100 = 54; 过程 (50×34 + 100×33 + 100×33) / 100 = 83;
    // 协作 (50×34 + 100×33 + 50×33) / 100 = 66.5; composite (54×40 + 83×30 + 66.5×30) / 100.
    assertThat(zhang.axes())
        .containsExactly(
            Map.entry("results", bd("54.00")),
            Map.entry("process", bd("83.00")),
            Map.entry("teamwork", bd("66.50")));
    assertThat(zhang.composite()).isEqualByComparingTo("66.45");
    assertThat(zhang.companyRank()).isEqualTo(1);
    assertThat(zhang.teamRank()).isEqualTo(1);

    Scorecard li = of(cards, LI);
    assertThat(li.dimension("contract-amount").score()).isEqualByComparingTo("0");
    assertThat(li.dimension("payment-rate").applies()).as("nothing owed").isFalse();
    assertThat(li.dimension("follow-up").applies()).as("no metric to average").isFalse();
    assertThat(li.composite()).isEqualByComparingTo("0");
    assertThat(li.companyRank()).isEqualTo(2);
    // Against the team's median (the middle of two), 张三 is furthest above on proposals and
    // assists (+50 each, proposals first in the model's order).
    assertThat(zhang.strongest()).isEqualTo("proposals");
    assertThat(li.weakest()).isEqualTo("proposals");
  }

  @Test
  void targets_come_from_the_rep_then_the_team_then_the_dimension_or_from_history() {
    Dimension visits =
        new Dimension(
            "visits",
            "客户拜访",
            Measure.VISITS,
            100,
            bd("20"),
            Map.of("west", bd("10")),
            Map.of("wecom:zhangsan", bd("5")),
            false,
            0,
            100);
    ScorecardModel model =
        new ScorecardModel(List.of(new Axis("process", "过程质量", 100, List.of(visits))));
    List<SalesRecord> records = new ArrayList<>();
    for (Address rep : List.of(ZHANG, LI, WANG)) {
      for (int i = 1; i <= 5; i++) {
        records.add(record(RecordType.VISIT, rep, i, "customer", "甲", "duration", "30"));
      }
    }
    List<Scorecard> cards =
        ScoreCalculator.compute(
            model, input(Map.of(ZHANG, "west", LI, "west", WANG, "east"), records));
    assertThat(of(cards, ZHANG).dimension("visits").target()).isEqualByComparingTo("5");
    assertThat(of(cards, ZHANG).composite()).isEqualByComparingTo("100");
    assertThat(of(cards, LI).dimension("visits").target()).isEqualByComparingTo("10");
    assertThat(of(cards, LI).composite()).isEqualByComparingTo("50");
    assertThat(of(cards, WANG).composite()).isEqualByComparingTo("25");

    Dimension own =
        new Dimension(
            "visits", "客户拜访", Measure.VISITS, 100, bd("20"), Map.of(), Map.of(), true, 10, 90);
    ScoreInput withHistory =
        new ScoreInput(
            ScoreFixtures.MARCH,
            ScoreFixtures.SHANGHAI,
            Map.of(ZHANG, "west", WANG, "east"),
            records,
            Map.of("visits", Map.of(ZHANG, List.of(bd("40"), bd("2"), bd("4"), bd("9")))));
    List<Scorecard> again =
        ScoreCalculator.compute(
            new ScorecardModel(List.of(new Axis("process", "过程质量", 100, List.of(own)))),
            withHistory);
    // The last three periods (2, 4, 9): median 4 → 5 visits is 125 %, held at the cap of 90.
    assertThat(of(again, ZHANG).dimension("visits").target()).isEqualByComparingTo("4");
    assertThat(of(again, ZHANG).composite()).isEqualByComparingTo("90");
    // No history: the dimension's target, 5 of 20 = 25.
    assertThat(of(again, WANG).composite()).isEqualByComparingTo("25");
  }

  @Test
  void a_metric_from_another_system_wins_over_salesbots_own_figure() {
    List<SalesRecord> records =
        List.of(
            record(RecordType.VISIT, ZHANG, 2, "customer", "甲", "duration", "30"),
            record(RecordType.METRIC, ZHANG, 31, "dimension", "visits", "value", "18"));
    Scorecard zhang = ScoreCalculator.compute(MODEL, input(Map.of(ZHANG, "east"), records)).get(0);
    assertThat(zhang.dimension("visits").figure()).isEqualByComparingTo("18");
    assertThat(zhang.dimension("visits").records()).containsExactly(records.get(1).key());
  }

  @Test
  void payments_count_up_to_what_was_owed_and_earlier_payments_lower_what_is_owed() {
    SalesRecord contract =
        record(
            RecordType.CONTRACT,
            ZHANG,
            LocalDate.of(2025, 12, 1),
            "customer",
            "甲",
            "amount",
            "1000");
    String id = contract.key().externalId();
    List<SalesRecord> records =
        List.of(
            contract,
            record(
                RecordType.PAYMENT,
                ZHANG,
                LocalDate.of(2026, 1, 5),
                "contract",
                id,
                "amount",
                "600"),
            record(RecordType.PAYMENT, ZHANG, 5, "contract", id, "amount", "300"),
            record(RecordType.PAYMENT, ZHANG, 6, "contract", id, "amount", "300"));
    DimensionScore rate =
        ScoreCalculator.compute(MODEL, input(Map.of(ZHANG, "east"), records))
            .get(0)
            .dimension("payment-rate");
    // Owed on 1 March: 1000 − 600 = 400; paid in March 600, counted up to 400: rate 1.
    assertThat(rate.figure()).isEqualByComparingTo("1");
    assertThat(rate.score()).isEqualByComparingTo("100");
  }
}
