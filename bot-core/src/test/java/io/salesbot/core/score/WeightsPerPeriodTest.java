package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Axis;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.Measure;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.score.domain.ScorecardModels;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scorecard weights per period: drafts and /score by the month's model, /weights shows it. */
class WeightsPerPeriodTest {
  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing

  /** From November on: contracts only, 20 % visits, a team target and a floor. */
  private static ScorecardModel november() {
    return new ScorecardModel(
        List.of(
            new Axis(
                "results",
                "业绩",
                80,
                List.of(
                    new Dimension(
                        "contract-amount",
                        "合同金额",
                        Measure.CONTRACT_AMOUNT,
                        100,
                        new BigDecimal("200000"),
                        Map.of("east", new BigDecimal("250000")),
                        Map.of("sandbox:zhangsan", new BigDecimal("100000")),
                        false,
                        10,
                        100))),
            new Axis(
                "process",
                "过程",
                20,
                List.of(Dimension.of("visits", "客户拜访", Measure.VISITS, 100, "10")))));
  }

  private void changeFrom(YearMonth month) {
    f.scorecards =
        new ScorecardSettings(
            new ScorecardModels(
                ScorecardModel.defaults(), List.of(new ScorecardModels.Change(month, november()))),
            DerivedSettings.defaults());
  }

  private void contract(String id, Address rep, Instant at, String amount) {
    f.salesbot
        .ingestRecord()
        .ingest(
            new SalesRecord(
                new RecordKey("erp", id),
                RecordType.CONTRACT,
                rep,
                at,
                false,
                true,
                Map.of("customer", "甲", "amount", amount)))
        .block();
  }

  @Test
  void each_month_is_scored_by_the_model_in_force_in_it() {
    changeFrom(YearMonth.of(2026, 11));
    contract("nov", ZHANGSAN, f.clock.instant(), "50000");
    contract("oct", ZHANGSAN, f.clock.instant().minus(Duration.ofDays(40)), "50000");

    // November: the new model — 合同金额 50000 / own target 100000 = 50 → 业绩 50 × 80 % = 40.
    assertThat(f.say(ZHANGSAN, "/score 明细"))
        .startsWith("reply.score.header(张三,2026-11,40.00,")
        .contains("业绩 50.00 · 过程 0.00")
        .contains("reply.score.dimension(合同金额,50000,100000,50.00,1,erp/nov)")
        .doesNotContain("回款率");
    // October keeps the seed's 三轴九维: 合同金额 50000 / 500000 = 10.
    assertThat(f.say(ZHANGSAN, "/score 2026-10 明细"))
        .contains("业绩贡献 ")
        .contains("reply.score.dimension(合同金额,50000,500000,10.00,1,erp/oct)");
  }

  @Test
  void weights_shows_the_rule_of_the_month_and_since_when_to_anyone_registered() {
    changeFrom(YearMonth.of(2026, 12));
    assertThat(f.say(ZHANGSAN, "/weights"))
        .isEqualTo(
            String.join(
                "\n",
                "reply.weights.header(2026-11,reply.weights.fromStart)",
                "reply.weights.axis(业绩贡献,40)",
                "reply.weights.dimension(合同金额,40,500000,0,100)",
                "reply.weights.dimension(回款率,30,0.9,0,100)",
                "reply.weights.dimension(新客户数,30,4,0,100)",
                "reply.weights.axis(过程质量,30)",
                "reply.weights.dimension(客户拜访,34,20,0,100)",
                "reply.weights.dimension(方案提交,33,4,0,100)",
                "reply.weights.dimension(跟进及时性,33,0.95,0,100)",
                "reply.weights.axis(团队协作,30)",
                "reply.weights.dimension(知识分享,34,2,0,100)",
                "reply.weights.dimension(协助成交,33,2,0,100)",
                "reply.weights.dimension(新人带教,33,8,0,100)",
                "reply.weights.next(2026-12)"));
    assertThat(f.say(CHENQI, "/权重 2026-12"))
        .isEqualTo(
            String.join(
                "\n",
                "reply.weights.header(2026-12,2026-12)",
                "reply.weights.axis(业绩,80)",
                "reply.weights.dimension(合同金额,100,200000"
                    + "reply.weights.teamTarget(east,250000)reply.weights.repTargets(1),10,100)",
                "reply.weights.axis(过程,20)",
                "reply.weights.dimension(客户拜访,100,10,0,100)"));
    assertThat(f.say(EAST_MANAGER, "/weights 2027-03"))
        .startsWith("reply.weights.header(2027-03,2026-12)");
    assertThat(f.say(ZHANGSAN, "/weights 上月")).startsWith("reply.weights.header(2026-10,");
    assertThat(f.say(ZHANGSAN, "/weights 2026-13")).isEqualTo("reply.weights.badPeriod(2026-13)");
    assertThat(f.say(ZHANGSAN, "/weights 明年")).isEqualTo("reply.weights.badPeriod(明年)");
  }
}
