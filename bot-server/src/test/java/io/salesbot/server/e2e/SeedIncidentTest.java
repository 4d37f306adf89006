package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.core.Salesbot;
import io.salesbot.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's incident, end to end over HTTP and the sandbox (issue 14): a finance feed delivers
 * payments daily; on the 11th it starts sending amounts in 分 instead of 元, so the payments of 张三
 * and 李四 exceed 110 % of their contracts. The first bad day raises the feed-health alert in the ops
 * chat and holds the month; the bad payments are quarantined and hold 张三 and 李四. At the month's end
 * the publisher is refused until a manager releases the feed; version 1 then goes to everyone else
 * on time. The corrected backfill lifts the holds, version 2 reaches 张三 and 李四, and {@code
 * /rollback 2031-03 1} and {@code /rollback 2031-03 2} tell exactly the four reps whose rank or
 * award changed, with before/after lines — not 周九 (first in both) nor 吴十 (last in both).
 *
 * <p>Time is the test's: a {@link MutableClock} in 2031, moved a day at a time. The context keeps
 * the timer poller on (the sweep sends the cards) with a clock years ahead of every other
 * context's, so it is closed after the class: its poller must not fire other tests' timers later.
 */
@Import(SeedIncidentTest.Clocked.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SeedIncidentTest extends EndToEndSupport {
  static final YearMonth MONTH = YearMonth.of(2031, 3);
  static final MutableClock CLOCK =
      new MutableClock(OffsetDateTime.parse("2031-03-01T09:00:00+08:00").toInstant());
  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
  static final String SOURCE = "erp" + RUN;
  static final String SECRET = "erp-secret-" + RUN;
  static final String OPS = "seedops" + RUN;
  static final String ALERT = "【数据源异常】" + SOURCE + "：校验失败率过高";

  /** The reps with payments, and what each is paid a day while the feed is well (元). */
  static final Map<String, Integer> DAILY =
      Map.of(
          "zhoujiu",
          8_500,
          "chenqi",
          5_000,
          "wangwu",
          4_000,
          "zhangsan",
          3_000,
          "lisi",
          2_000,
          "wushi",
          1_000);

  /** What 张三 and 李四 are really paid on each of the four bad days (元). */
  static final int BAD_DAY = 12_000;

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocked {
    @Bean
    @Primary
    Clock movableClock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void feed(DynamicPropertyRegistry registry) {
    registry.add("salesbot.pipeline.key-prefix", () -> "it-seed-incident-" + RUN);
    // production's handler time (20 s): /publish and /rollback read and write a whole month, and
    // the test profile's 2 s is too short for that on a shared, loaded machine
    registry.add("salesbot.pipeline.reclaim-idle", () -> "30s");
    registry.add("salesbot.ops.target", () -> "sandbox:" + OPS);
    registry.add("salesbot.ops.interval", () -> "1h");
    registry.add("salesbot.intake.sources." + SOURCE + ".secret", () -> SECRET);
    registry.add("salesbot.intake.sources." + SOURCE + ".records", () -> "true");
    registry.add("salesbot.records.sources." + SOURCE + ".max-gap", () -> "26h");
    registry.add("salesbot.records.feed-health.check-interval", () -> "1h");
    // a daily batch of a few payments is the whole window
    registry.add("salesbot.records.feed-health.min-records", () -> "2");
  }

  @Autowired Salesbot salesbot;

  private List<Map<String, Object>> deliver(List<String> records) {
    return sendRecords(
        SOURCE,
        SECRET,
        CLOCK.instant().getEpochSecond(),
        "{\"records\":[" + String.join(",", records) + "]}");
  }

  private static String contract(String rep) {
    return "{\"type\":\"contract\",\"externalId\":\"ct-"
        + rep
        + "-"
        + RUN
        + "\",\"rep\":\"sandbox:"
        + rep
        + "\",\"occurredAt\":\"2031-02-10T10:00:00+08:00\",\"customer\":\"客户"
        + rep
        + "\",\"amount\":100000}";
  }

  private static String payment(String rep, int day, long amount) {
    return "{\"type\":\"payment\",\"externalId\":\"pay-"
        + rep
        + "-"
        + day
        + "-"
        + RUN
        + "\",\"rep\":\"sandbox:"
        + rep
        + "\",\"occurredAt\":\""
        + MONTH.atDay(day)
        + "T08:00:00+08:00\",\"contract\":\"ct-"
        + rep
        + "-"
        + RUN
        + "\",\"amount\":"
        + amount
        + "}";
  }

  private List<Map<String, Object>> items(String user, Predicate<Map<String, Object>> match) {
    return inboxOrEmpty(user).stream().filter(match).toList();
  }

  private static Predicate<Map<String, Object>> textStarting(String prefix) {
    return i -> "text".equals(i.get("kind")) && String.valueOf(i.get("text")).startsWith(prefix);
  }

  private static Predicate<Map<String, Object>> scorecard(String name, int version) {
    return i ->
        "card".equals(i.get("kind"))
            && (name + " " + MONTH + " 绩效").equals(i.get("title"))
            && String.valueOf(i.get("elements")).contains("已发布第 " + version + " 版");
  }

  private Map<String, Object> awaitIn(String user, Predicate<Map<String, Object>> match) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> items(user, match).stream().findFirst().orElse(null), i -> i != null);
  }

  private String awaitText(String user, String prefix) {
    return awaitIn(user, textStarting(prefix)).get("text").toString();
  }

  private long sent(int version) {
    return count(
        "select count(*) from score_publication_sent where period = '"
            + MONTH
            + "' and version = "
            + version);
  }

  private void nextDay() {
    CLOCK.advance(Duration.ofDays(1));
  }

  @Test
  void a_feed_that_changes_format_mid_month_is_caught_held_corrected_published_and_rolled_back() {
    SandboxDeals chat = new SandboxDeals(this);
    // 1 March: the contracts of February, then the daily payments
    assertThat(deliver(DAILY.keySet().stream().map(SeedIncidentTest::contract).toList()))
        .extracting(r -> r.get("status"))
        .containsOnly("accepted");
    CLOCK.advance(Duration.ofHours(1));
    for (int day = 1; day <= 10; day++) {
      List<String> batch = new ArrayList<>();
      for (Map.Entry<String, Integer> e : DAILY.entrySet()) {
        batch.add(payment(e.getKey(), day, e.getValue()));
      }
      assertThat(deliver(batch)).extracting(r -> r.get("status")).containsOnly("accepted");
      nextDay();
    }
    assertThat(items(OPS, i -> ALERT.equals(i.get("title")))).isEmpty();
    assertThat(salesbot.feedHealth().heldBecause(MONTH).block()).isEmpty();

    // 11 March: the feed sends 分 instead of 元 — the first bad day raises the alert that day
    List<Map<String, Object>> bad =
        deliver(
            List.of(payment("zhangsan", 11, BAD_DAY * 100L), payment("lisi", 11, BAD_DAY * 100L)));
    assertThat(bad).extracting(r -> r.get("status")).containsOnly("quarantined");
    assertThat(bad.toString()).contains("payment-over-contract");
    Map<String, Object> alert = awaitIn(OPS, i -> ALERT.equals(i.get("title")));
    assertThat(alert.toString()).contains("2031-03-11").contains(MONTH.toString());
    assertThat(salesbot.feedHealth().heldBecause(MONTH).block())
        .singleElement()
        .satisfies(reason -> assertThat(reason).startsWith("数据源 " + SOURCE + " 校验失败率过高："));

    // 12–14 March: still wrong, still quarantined; the alert is not repeated
    for (int day = 12; day <= 14; day++) {
      nextDay();
      assertThat(
              deliver(
                  List.of(
                      payment("zhangsan", day, BAD_DAY * 100L),
                      payment("lisi", day, BAD_DAY * 100L))))
          .extracting(r -> r.get("status"))
          .containsOnly("quarantined");
    }
    assertThat(
            count(
                "select count(distinct rep) from record_holds where lifted_at is null and period"
                    + " = '"
                    + MONTH
                    + "' and external_id like 'pay-%-"
                    + RUN
                    + "'"))
        .isEqualTo(2);

    // 1 April: the month is over. Publication waits for a person to look at the feed
    CLOCK.advance(Duration.ofDays(18));
    chat.say("zhaoliu", "/发布 " + MONTH);
    assertThat(awaitText("zhaoliu", MONTH + " 的数据源有问题，暂不能发布"))
        .contains("数据源 " + SOURCE + " 校验失败率过高");
    assertThat(count("select count(*) from score_publications where period = '" + MONTH + "'"))
        .isZero();
    chat.say("zhaoliu", "/隔离 放行数据源 " + SOURCE + " 已与财务核对：11 日起金额单位为分，错误回款已隔离");
    awaitText("zhaoliu", "已放行数据源 " + SOURCE + " 的 1 项暂停发布");

    // version 1: everyone else on time, 张三 and 李四 withheld
    chat.say("zhaoliu", "/发布 " + MONTH + " 三月绩效");
    assertThat(awaitText("zhaoliu", MONTH + " 绩效已发布第 1 版")).contains("2 位销售因记录被隔离暂缓");
    Map<String, Object> chen = awaitIn("chenqi", scorecard("陈七", 1));
    assertThat(cardField(chen, "公司排名")).startsWith("2/");
    awaitIn("zhoujiu", scorecard("周九", 1));
    awaitIn("wangwu", scorecard("王五", 1));
    awaitIn("wushi", scorecard("吴十", 1));
    long members =
        count(
            "select count(*) from score_publication_scores where period = '"
                + MONTH
                + "' and version = 1");
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(1), n -> n == members - 2);
    assertThat(items("zhangsan", scorecard("张三", 1))).isEmpty();
    assertThat(items("lisi", scorecard("李四", 1))).isEmpty();

    // 5 April: the corrected backfill — the same payments in 元 — lifts the holds
    CLOCK.advance(Duration.ofDays(4));
    List<String> fixes = new ArrayList<>();
    for (int day = 11; day <= 14; day++) {
      fixes.add(payment("zhangsan", day, BAD_DAY));
      fixes.add(payment("lisi", day, BAD_DAY));
    }
    assertThat(deliver(fixes)).extracting(r -> r.get("status")).containsOnly("corrected");
    assertThat(
            count(
                "select count(*) from record_holds where lifted_at is null and period = '"
                    + MONTH
                    + "'"))
        .isZero();

    // version 2: the recomputed month; 张三 and 李四 get their cards at last
    chat.say("zhaoliu", "/发布 " + MONTH + " 补录更正后的回款");
    assertThat(awaitText("zhaoliu", MONTH + " 绩效已发布第 2 版")).contains("0 位销售因记录被隔离暂缓");
    Map<String, Object> zhang = awaitIn("zhangsan", scorecard("张三", 2));
    assertThat(cardField(zhang, "团队排名")).isEqualTo("1/3");
    assertThat(cardField(zhang, "公司排名")).startsWith("2/");
    assertThat(zhang.get("elements").toString()).contains("卓越贡献奖");
    Map<String, Object> li = awaitIn("lisi", scorecard("李四", 2));
    assertThat(cardField(li, "公司排名")).startsWith("3/");
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(2), n -> n == members);

    // /rollback 2031-03 1: the four whose rank or award changed are told, 周九 and 吴十 are not
    chat.say("zhaoliu", "/回滚 " + MONTH + " 1 核对回滚流程");
    assertThat(awaitText("zhaoliu", MONTH + " 绩效已从第 2 版回滚到第 1 版")).contains("已通知 4 位");
    String back = MONTH + " 绩效已回滚到第 1 版。";
    List<String> toldBack =
        List.of(
            awaitText("zhangsan", back),
            awaitText("lisi", back),
            awaitText("chenqi", back),
            awaitText("wangwu", back));
    assertThat(toldBack.get(0)).contains("团队第 1，公司第 2，卓越贡献奖；现在：").contains("团队第 2，公司第 4");
    assertThat(toldBack.get(1)).contains("团队第 2，公司第 3；现在：").contains("团队第 3，公司第 5");
    assertThat(toldBack.get(2)).contains("团队第 2，公司第 4；现在：").contains("团队第 2，公司第 2，卓越贡献奖");
    assertThat(toldBack.get(3)).contains("团队第 3，公司第 5；现在：").contains("团队第 1，公司第 3");
    assertThat(items("zhoujiu", textStarting(back))).isEmpty();
    assertThat(items("wushi", textStarting(back))).isEmpty();
    // version 1 is in force again: the cards of it that were withheld go out now
    awaitIn("zhangsan", scorecard("张三", 1));
    awaitIn("lisi", scorecard("李四", 1));
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(1), n -> n == members);

    // and forward again: the same four are told the other way round
    chat.say("zhaoliu", "/rollback " + MONTH + " 2 核对完毕，恢复第 2 版");
    assertThat(awaitText("zhaoliu", MONTH + " 绩效已从第 1 版回滚到第 2 版")).contains("已通知 4 位");
    String forward = MONTH + " 绩效已回滚到第 2 版。";
    assertThat(awaitText("zhangsan", forward))
        .contains("团队第 2，公司第 4；现在：")
        .contains("团队第 1，公司第 2，卓越贡献奖");
    assertThat(awaitText("lisi", forward)).contains("现在：").contains("团队第 2，公司第 3");
    assertThat(awaitText("chenqi", forward))
        .contains("团队第 2，公司第 2，卓越贡献奖；现在：")
        .contains("团队第 2，公司第 4");
    assertThat(awaitText("wangwu", forward)).contains("现在：").contains("团队第 3，公司第 5");
    assertThat(items("zhoujiu", textStarting(forward))).isEmpty();
    assertThat(items("wushi", textStarting(forward))).isEmpty();
    assertThat(count("select count(*) from score_publication_audit where period = '" + MONTH + "'"))
        .isEqualTo(4);
  }
}
