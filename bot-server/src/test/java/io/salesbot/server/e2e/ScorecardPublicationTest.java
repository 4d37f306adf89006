package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's publication over HTTP: records sent to {@code POST /api/v1/records}, {@code /publish}
 * in the sandbox chat by the configured publisher (a rep is refused), the scorecard and leaderboard
 * cards in the sandbox inboxes, a second version, and {@code /rollback} with its before/after line.
 */
class ScorecardPublicationTest extends ScorecardSupport {
  ScorecardPublicationTest() {
    // A closed month of its own (RecordsApiTest uses 2015–2024), so no other test's records count.
    super(YearMonth.of(2005, 1).plusMonths(ThreadLocalRandom.current().nextInt(120)));
  }

  @Test
  void published_cards_reach_the_sandbox_and_a_rollback_tells_who_changed() {
    SandboxDeals chat = new SandboxDeals(this);
    send("zhangsan", "pc1", "250000");
    send("lisi", "pc2", "100000");

    chat.say("lisi", "/publish " + month);
    assertThat(text("lisi", "只有绩效发布人")).contains("salesbot.scorecards.publishers");

    chat.say("zhaoliu", "/发布 " + month + " 月度绩效");
    assertThat(text("zhaoliu", month + " 绩效已发布第 1 版")).contains("张绩效卡片");

    Map<String, Object> mine = card("zhangsan", "张三 " + month + " 绩效", "已发布第 1 版");
    assertThat(cardField(mine, "综合得分")).isEqualTo("11.43"); // 合同 50 → 业绩 (50×40)/70 × 40 %
    assertThat(cardField(mine, "团队排名")).startsWith("1/");
    assertThat(cardField(mine, "近六个月")).endsWith(month.getMonthValue() + "月 11.43");
    assertThat(mine.get("elements").toString()).contains("卓越贡献奖");
    assertThat(mine.get("buttons").toString()).contains("有异议"); // see ScorecardDisputeTest
    Map<String, Object> board = card("zhaoliu", "华东销售一组 " + month + " 绩效排行", "已发布第 1 版");
    assertThat(cardField(board, "第 1 名")).startsWith("张三 11.43 分").contains("卓越贡献奖");

    // a second contract makes 李四 first in version 2
    send("lisi", "pc3", "400000");
    chat.say("zhaoliu", "/publish " + month);
    text("zhaoliu", month + " 绩效已发布第 2 版");
    Map<String, Object> board2 = card("zhaoliu", "华东销售一组 " + month + " 绩效排行", "已发布第 2 版");
    assertThat(cardField(board2, "变动")).contains("李四 ↑1").contains("张三 ↓1");

    chat.say("zhangsan", "/回滚 " + month);
    assertThat(text("zhangsan", "只有绩效发布人")).isNotBlank();
    chat.say("zhaoliu", "/rollback " + month + " 回款数据待核对");
    assertThat(text("zhaoliu", month + " 绩效已从第 2 版回滚到第 1 版")).contains("已通知 2 位");
    assertThat(text("zhangsan", month + " 绩效已回滚到第 1 版"))
        .contains("之前：综合 11.43 分，团队第 2，公司第 2；现在：综合 11.43 分，团队第 1，公司第 1，卓越贡献奖");
    assertThat(text("lisi", month + " 绩效已回滚到第 1 版"))
        .contains("之前：综合 22.86 分，团队第 1，公司第 1，卓越贡献奖；现在：综合 4.57 分，团队第 2，公司第 2");

    chat.say("zhaoliu", "/发布记录 " + month);
    assertThat(text("zhaoliu", month + " 绩效：生效第 1 版（最新第 2 版）"))
        .contains("发布 第 1 版 · 赵六 · 月度绩效")
        .contains("回滚 第 1 版 · 赵六 · 回款数据待核对");
    assertThat(count("select count(*) from score_publication_audit where period = '" + month + "'"))
        .isEqualTo(3);
  }
}
