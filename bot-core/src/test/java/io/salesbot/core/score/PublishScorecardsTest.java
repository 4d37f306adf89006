package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.SOUTH_MANAGER;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublishedScore;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.timer.domain.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * /publish, /hold, /rollback and /publications over the core assembly: versions frozen from the
 * drafts, cards to reps and leaderboards to managers, withheld reps, awards, the before/after lines
 * of a rollback, permissions and the audit.
 */
class PublishScorecardsTest {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing

  private void ingest(String id, RecordType type, Address rep, String... kv) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put(kv[i], kv[i + 1]);
    }
    Instant now = f.clock.instant();
    f.salesbot
        .ingestRecord()
        .ingest(new SalesRecord(new RecordKey("erp", id), type, rep, now, false, false, fields))
        .block();
  }

  /** 张三 23.33 ahead of 李四 22.86 (as in ScoreCommandsTest), 王五 held by a 120 % payment. */
  private void november() {
    ingest("c1", RecordType.CONTRACT, ZHANGSAN, "customer", "甲", "amount", "250000");
    ingest("n1", RecordType.NEW_CUSTOMER, ZHANGSAN, "customer", "甲");
    for (int i = 0; i < 10; i++) {
      ingest("v" + i, RecordType.VISIT, ZHANGSAN, "customer", "甲", "duration", "30");
    }
    ingest("c2", RecordType.CONTRACT, LISI, "customer", "乙", "amount", "500000");
    ingest("c3", RecordType.CONTRACT, WANGWU, "customer", "丙", "amount", "1000");
    ingest("p3", RecordType.PAYMENT, WANGWU, "contract", "c3", "amount", "1200");
  }

  /** {@code text} from {@code who}, then the due timers fired (the sweep sends the cards). */
  private String publish(Address who, String text) {
    String answer = f.say(who, text);
    f.advance(Duration.ZERO);
    return answer;
  }

  private List<DeliverCard> cards(String prefix) {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.commandId().startsWith(prefix))
        .toList();
  }

  private static Map<String, String> fields(DeliverCard c) {
    return c.card().elements().stream()
        .filter(e -> e instanceof CardElement.Field)
        .map(e -> (CardElement.Field) e)
        .collect(Collectors.toMap(CardElement.Field::label, CardElement.Field::value));
  }

  private List<String> texts(Address to) {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.recipients().contains(to) && !t.commandId().startsWith("reply-"))
        .map(SendText::text)
        .toList();
  }

  @Test
  void only_publishers_publish_hold_or_roll_back() {
    november();
    assertThat(f.say(CHENQI, "/publish 2026-11")).isEqualTo("reply.publish.notPermitted");
    assertThat(f.say(SOUTH_MANAGER, "/发布 2026-11")).isEqualTo("reply.publish.notPermitted");
    assertThat(f.say(ZHANGSAN, "/hold 2026-11 数据有误")).isEqualTo("reply.publish.notPermitted");
    assertThat(f.say(LISI, "/rollback 2026-11")).isEqualTo("reply.publish.notPermitted");
    assertThat(f.say(CHENQI, "/publications 2026-11")).isEqualTo("reply.managerOnly");
    assertThat(f.publications.state(NOVEMBER).block().latest()).isZero();
    assertThat(publish(EAST_MANAGER, "/publish 2026-13"))
        .isEqualTo("reply.score.badPeriod(2026-13)");
    assertThat(publish(EAST_MANAGER, "/publish 2099-01"))
        .isEqualTo("reply.score.badPeriod(2099-01)");
    assertThat(f.say(EAST_MANAGER, "/hold 2026-11")).startsWith("reply.usage");
    assertThat(f.say(EAST_MANAGER, "/rollback 2026-11"))
        .isEqualTo("reply.rollback.nothingPublished(2026-11)");
  }

  @Test
  void publish_freezes_a_version_sends_cards_and_withholds_held_reps() {
    november();
    assertThat(publish(EAST_MANAGER, "/publish 2026-11 月度发布"))
        .isEqualTo("reply.publish.done(2026-11,1,5,1)");

    var v1 = f.publications.version(NOVEMBER, 1).block();
    assertThat(v1.publishedBy()).isEqualTo(EAST_MANAGER);
    assertThat(v1.withheld()).containsExactly(WANGWU);
    assertThat(v1.scores()).hasSize(6);
    assertThat(v1.score(ZHANGSAN).orElseThrow().records()).contains("erp/c1@1", "erp/v0@1");

    DeliverCard mine = cards("scorecard-2026-11-v1-sandbox:zhangsan").get(0);
    assertThat(mine.recipients()).containsExactly(ZHANGSAN);
    assertThat(mine.card().buttons()) // 有异议: runs /disputes open (see DisputesTest)
        .extracting(b -> b.label() + " " + b.payload())
        .containsExactly("button.dispute /disputes open 2026-11");
    assertThat(fields(mine))
        .containsEntry("card.scorecard.composite", "23.33")
        .containsEntry("card.scorecard.teamRank", "1/3")
        .containsEntry("card.scorecard.companyRank", "1/6")
        .containsEntry("业绩贡献", "39.29")
        .containsEntry("card.scorecard.extremes", "card.scorecard.extremesValue(客户拜访,合同金额)")
        .containsEntry("card.scorecard.trend", "6月 - · 7月 - · 8月 - · 9月 - · 10月 - · 11月 23.33");
    // top 20 % of the three reps scoring above zero: one place, 张三's
    assertThat(mine.card().elements()).contains(new CardElement.Text("card.scorecard.award"));
    assertThat(cards("scorecard-2026-11-v1-sandbox:lisi").get(0).card().elements())
        .doesNotContain(new CardElement.Text("card.scorecard.award"));
    assertThat(cards("scorecard-2026-11-v1-sandbox:wangwu")).isEmpty();

    DeliverCard board = cards("leaderboard-2026-11-v1-east").get(0);
    assertThat(board.recipients()).containsExactly(EAST_MANAGER);
    assertThat(fields(board))
        .containsEntry("card.leaderboard.place(1)", "card.leaderboard.lineAward(张三,23.33,1)")
        .containsEntry("card.leaderboard.place(2)", "card.leaderboard.line(李四,22.86,2)");
    assertThat(cards("leaderboard-2026-11-v1-south").get(0).recipients())
        .containsExactly(SOUTH_MANAGER);

    // the hold is lifted: 王五's card of version 1 goes out at the next sweep, once
    var release = f.salesbot.releaseRecord();
    release
        .release(new ReleaseRecord.Command(new RecordKey("erp", "p3"), EAST_MANAGER, "补充协议"))
        .block();
    f.outbox.clear();
    f.advance(PublishScorecards.SWEEP);
    assertThat(cards("scorecard-2026-11-v1-sandbox:wangwu")).hasSize(1);
    f.outbox.clear();
    f.advance(PublishScorecards.SWEEP);
    assertThat(f.salesbot.timers().fireDue(10).block()).isZero();
    assertThat(cards("scorecard-")).isEmpty();
  }

  /** A version of {@code reps} reps (sandbox:rep-0…) stored as it is, and the sweep armed now. */
  private void storedVersion(YearMonth month, int reps) {
    List<PublishedScore> scores = new java.util.ArrayList<>();
    for (int i = 0; i < reps; i++) {
      scores.add(
          new PublishedScore(
              Address.parse("sandbox:rep-" + i),
              "east",
              BigDecimal.valueOf(reps - i),
              i + 1,
              i + 1,
              Map.of("results", BigDecimal.ONE),
              null,
              null,
              List.of("erp/c" + i + "@1")));
    }
    Instant now = f.clock.instant();
    f.publications
        .publish(
            new Publication(month, 1, now, EAST_MANAGER, scores, Set.of()),
            new PublicationEvent(
                month, PublicationEvent.Action.PUBLISH, 1, EAST_MANAGER, "", now, "bulk"))
        .block();
    f.timers.schedule(new Timer("sweep-now", PublishScorecards.WITHHELD, "-", now, "")).block();
  }

  @Test
  void the_sweep_hands_thousands_of_cards_to_the_outbox_in_runs_of_RUN_each_card_once() {
    int reps = PublishScorecards.RUN + 150;
    storedVersion(YearMonth.of(2026, 10), reps);
    f.outbox.clear();

    f.advance(Duration.ZERO); // the first run: as many as a run takes, in batches
    assertThat(cards("scorecard-2026-10-v1-")).hasSize(PublishScorecards.RUN);
    f.advance(Duration.ofSeconds(1)); // a full run comes back a second later for the rest
    assertThat(cards("scorecard-2026-10-v1-"))
        .hasSize(reps)
        .extracting(DeliverCard::commandId)
        .doesNotHaveDuplicates();
    assertThat(f.publications.sent(YearMonth.of(2026, 10), 1).block()).hasSize(reps);
    DeliverCard last = cards("scorecard-2026-10-v1-sandbox:rep-" + (reps - 1)).get(0);
    assertThat(fields(last))
        .containsEntry("card.scorecard.teamRank", reps + "/" + reps)
        .containsEntry("card.scorecard.companyRank", reps + "/" + reps);

    f.outbox.clear();
    f.advance(PublishScorecards.SWEEP);
    assertThat(cards("scorecard-")).isEmpty();
    assertThat(f.salesbot.timers().fireDue(10).block()).isZero();
  }

  @Test
  void a_card_another_sweep_noted_sent_is_not_sent_again() {
    YearMonth october = YearMonth.of(2026, 10);
    storedVersion(october, 250);
    // another instance's sweep noted the first 120 (and sent them) a moment before this one runs
    List<Address> theirs =
        java.util.stream.IntStream.range(0, 120)
            .mapToObj(i -> Address.parse("sandbox:rep-" + i))
            .toList();
    f.publications.markSent(october, 1, theirs).block();
    f.outbox.clear();

    f.advance(Duration.ZERO);

    assertThat(cards("scorecard-2026-10-v1-"))
        .hasSize(130)
        .allSatisfy(c -> assertThat(theirs).doesNotContainAnyElementsOf(c.recipients()));
    assertThat(f.publications.sent(october, 1).block()).hasSize(250);
  }

  @Test
  void a_held_month_sends_no_withheld_cards_until_published_again() {
    november();
    publish(EAST_MANAGER, "/publish 2026-11");
    assertThat(f.say(EAST_MANAGER, "/暂停发布 2026-11 回款数据待核对"))
        .isEqualTo("reply.hold.done(2026-11,1)");
    f.salesbot
        .releaseRecord()
        .release(new ReleaseRecord.Command(new RecordKey("erp", "p3"), EAST_MANAGER, "已核对"))
        .block();
    f.outbox.clear();
    f.advance(PublishScorecards.SWEEP);
    f.advance(PublishScorecards.SWEEP);
    assertThat(cards("scorecard-")).isEmpty();

    assertThat(publish(EAST_MANAGER, "/publish 2026-11"))
        .isEqualTo("reply.publish.done(2026-11,2,6,0)");
    assertThat(cards("scorecard-2026-11-v2-sandbox:wangwu")).hasSize(1);
    String audit = f.say(SOUTH_MANAGER, "/publications 2026-11");
    assertThat(audit)
        .startsWith("reply.publications.header(2026-11,2,2)")
        .contains("reply.publications.line(11-26 10:00,reply.publications.publish,1,赵六,-)")
        .contains("reply.publications.line(11-26 10:00,reply.publications.hold,1,赵六,回款数据待核对)")
        .contains("reply.publications.line(11-26 10:20,reply.publications.publish,2,赵六,-)");
  }

  @Test
  void rollback_puts_the_earlier_version_back_and_tells_who_changed() {
    november();
    publish(EAST_MANAGER, "/publish 2026-11");
    // a late new customer makes 李四 first: version 2 swaps the two and the award
    ingest("n2", RecordType.NEW_CUSTOMER, LISI, "customer", "乙");
    publish(EAST_MANAGER, "/publish 2026-11");
    DeliverCard board = cards("leaderboard-2026-11-v2-east").get(0);
    assertThat(fields(board).get("card.leaderboard.movers"))
        .isEqualTo("card.leaderboard.up(李四,1,2,1)；card.leaderboard.down(张三,1,1,2)");

    assertThat(f.say(EAST_MANAGER, "/rollback 2026-11 v2"))
        .isEqualTo("reply.rollback.alreadyInForce(2026-11,2)");
    assertThat(f.say(EAST_MANAGER, "/rollback 2026-11 7"))
        .isEqualTo("reply.rollback.noSuchVersion(2026-11,7,2)");
    assertThat(f.say(EAST_MANAGER, "/回滚 2026-11 回款更正有误"))
        .isEqualTo("reply.rollback.done(2026-11,2,1,2)");
    assertThat(f.publications.state(NOVEMBER).block().inForce()).isEqualTo(1);
    assertThat(texts(LISI))
        .containsExactly(
            "notice.scorecard.rolledBack(2026-11,1,notice.scorecard.lineAward(27.14,1,1),"
                + "notice.scorecard.line(22.86,2,2))");
    assertThat(texts(ZHANGSAN))
        .containsExactly(
            "notice.scorecard.rolledBack(2026-11,1,notice.scorecard.line(23.33,2,2),"
                + "notice.scorecard.lineAward(23.33,1,1))");
    assertThat(texts(CHENQI)).isEmpty(); // nothing changed for them
    assertThat(f.say(EAST_MANAGER, "/rollback 2026-11"))
        .isEqualTo("reply.rollback.noEarlier(2026-11)");
    // and forward again
    assertThat(f.say(EAST_MANAGER, "/rollback 2026-11 2"))
        .isEqualTo("reply.rollback.done(2026-11,1,2,2)");
    assertThat(f.say(EAST_MANAGER, "/publications 2026-11"))
        .contains("reply.publications.line(11-26 10:00,reply.publications.rollback,1,赵六,回款更正有误)");
  }

  @Test
  void
      three_published_months_in_the_top_put_a_rep_in_the_talent_pool_and_a_rollback_reevaluates_it() {
    november(); // 张三 top in November
    publish(EAST_MANAGER, "/publish 2026-11");
    f.clock.advance(Duration.ofDays(10)); // 2026-12-06
    ingest("d1", RecordType.CONTRACT, ZHANGSAN, "customer", "甲", "amount", "250000");
    ingest("d2", RecordType.CONTRACT, LISI, "customer", "乙", "amount", "100000");
    publish(EAST_MANAGER, "/publish 2026-12"); // version 1: 张三 top
    ingest("d3", RecordType.CONTRACT, LISI, "customer", "乙", "amount", "400000");
    publish(EAST_MANAGER, "/publish 2026-12"); // version 2: 李四 top
    f.clock.advance(Duration.ofDays(31)); // 2027-01-06
    ingest("j1", RecordType.CONTRACT, ZHANGSAN, "customer", "甲", "amount", "250000");
    f.outbox.clear();
    assertThat(publish(EAST_MANAGER, "/publish 2027-01"))
        .startsWith("reply.publish.done(2027-01,1,");
    assertThat(texts(EAST_MANAGER)).isEmpty(); // December's version in force broke the streak

    f.say(EAST_MANAGER, "/rollback 2026-12 1 重新核对");
    assertThat(texts(EAST_MANAGER)).containsExactly("notice.talentPool.joined(张三,2027-01,3)");
    f.say(EAST_MANAGER, "/rollback 2026-12 2");
    assertThat(texts(EAST_MANAGER)).containsExactly("notice.talentPool.left(张三,2027-01,3)");
  }

  @Test
  void a_publish_redelivered_after_a_timeout_makes_no_second_version() {
    november();
    var message =
        new io.salesbot.core.kernel.domain.InboundEvent.TextMessage(
            "publish-1", EAST_MANAGER, "/publish 2026-11", f.clock.instant(), null);
    f.dispatcher.handle(message).block();
    f.clock.advance(Duration.ofSeconds(5));
    f.dispatcher.handle(message).block();
    assertThat(f.publications.state(NOVEMBER).block().latest()).isEqualTo(1);
    assertThat(f.publications.audit(NOVEMBER).collectList().block()).hasSize(1);
    // the same words in a new message are a new version
    assertThat(f.say(EAST_MANAGER, "/publish 2026-11"))
        .isEqualTo("reply.publish.done(2026-11,2,5,1)");
  }
}
