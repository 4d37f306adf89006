package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.SOUTH_MANAGER;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /score and /leaderboard over the core assembly: drafts from the ingested records, permissions.
 */
class ScoreCommandsTest {
  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing

  private void ingest(String id, RecordType type, Address rep, Instant at, String... kv) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put(kv[i], kv[i + 1]);
    }
    f.salesbot
        .ingestRecord()
        .ingest(new SalesRecord(new RecordKey("erp", id), type, rep, at, false, false, fields))
        .block();
  }

  private void november() {
    Instant now = f.clock.instant();
    ingest("c1", RecordType.CONTRACT, ZHANGSAN, now, "customer", "甲", "amount", "250000");
    ingest("n1", RecordType.NEW_CUSTOMER, ZHANGSAN, now, "customer", "甲");
    for (int i = 0; i < 10; i++) {
      ingest(
          "v" + i,
          RecordType.VISIT,
          ZHANGSAN,
          now.minus(Duration.ofDays(i)),
          "customer",
          "甲",
          "duration",
          "30");
    }
    ingest("c2", RecordType.CONTRACT, LISI, now, "customer", "乙", "amount", "500000");
    // October's visits do not count in November.
    ingest(
        "v-oct",
        RecordType.VISIT,
        LISI,
        now.minus(Duration.ofDays(40)),
        "customer",
        "乙",
        "duration",
        "30");
  }

  @Test
  void a_rep_sees_their_own_draft_and_its_detail() {
    november();
    String mine = say(ZHANGSAN, "/score");
    // 合同 50, 新客户 25, 回款 n/a → 业绩 (50×40 + 25×30) / 70 = 39.29; 拜访 10/20 = 50 → 过程
    // (50×34 + 0×33) / 67 = 25.37 (跟进 n/a); 协作 0 → composite (39.29×40 + 25.37×30) / 100.
    assertThat(mine)
        .startsWith("reply.score.header(张三,2026-11,23.33,1,3,1,6)")
        .contains("业绩贡献 39.29 · 过程质量 25.37 · 团队协作 0.00")
        .contains("reply.score.extremes(客户拜访,合同金额)")
        .contains("reply.score.draft");
    String detail = say(ZHANGSAN, "/绩效 明细 2026-11");
    assertThat(detail)
        .contains("reply.score.dimension(合同金额,250000,500000,50.00,1,erp/c1)")
        .contains("reply.score.dimension(客户拜访,10,20,50.00,10,erp/v0, erp/v1, erp/v2 …)")
        .contains("reply.score.notApplicable(回款率)");
    assertThat(say(ZHANGSAN, "/score 2026-10")).startsWith("reply.score.header(张三,2026-10,0.00");
  }

  @Test
  void reps_see_only_their_own_and_managers_their_teams() {
    november();
    assertThat(say(ZHANGSAN, "/score 李四")).isEqualTo("reply.score.notYours(李四)");
    assertThat(say(EAST_MANAGER, "/score 李四")).startsWith("reply.score.header(李四,2026-11,");
    assertThat(say(SOUTH_MANAGER, "/score 李四")).isEqualTo("reply.score.notYours(李四)");
    assertThat(say(EAST_MANAGER, "/score")).isEqualTo("reply.score.notScored");
    assertThat(say(ZHANGSAN, "/score 2099-01")).isEqualTo("reply.score.badPeriod(2099-01)");
    assertThat(say(ZHANGSAN, "/score 2026-13")).isEqualTo("reply.score.badPeriod(2026-13)");
  }

  @Test
  void managers_see_their_teams_ranking() {
    november();
    String board = say(EAST_MANAGER, "/leaderboard");
    assertThat(board)
        .startsWith("reply.leaderboard.header(华东销售一组,2026-11,3)")
        // 李四: 合同 100, 新客户 0 → 业绩 57.14 → composite 22.86; October's visit does not count.
        .contains("reply.leaderboard.line(1,张三,23.33,1)")
        .contains("reply.leaderboard.line(2,李四,22.86,2)");
    assertThat(say(SOUTH_MANAGER, "/排行 south 上月"))
        .startsWith("reply.leaderboard.header(华南销售组,2026-10,3)");
    assertThat(say(SOUTH_MANAGER, "/leaderboard east")).startsWith("reply.notYourTeamToBind");
    assertThat(say(CHENQI, "/leaderboard")).isEqualTo("reply.managerOnly");
    assertThat(say(SOUTH_MANAGER, "/leaderboard south 2099-01"))
        .isEqualTo("reply.score.badPeriod(2099-01)");
  }

  private String say(Address who, String text) {
    return f.say(who, text);
  }
}
