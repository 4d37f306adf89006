package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.SOUTH_MANAGER;
import static io.salesbot.core.testing.TestTeams.WANGWU;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.score.domain.Dispute;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Disputes (有异议, {@code /disputes}) over the core assembly: the 有异议 button, opening with a comment,
 * the manager's dispute card, accepting (a correction record through the records path, a new
 * version, who changed is told, the rep is told), rejecting with a required reason, permissions,
 * unknown ids, double and redelivered answers, and disputes of unpublished months.
 */
class DisputesTest {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final Pattern OPENED = Pattern.compile("reply\\.disputes\\.opened\\((\\w+),");
  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing

  private void ingest(String id, RecordType type, Address rep, String... kv) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put(kv[i], kv[i + 1]);
    }
    f.salesbot
        .ingestRecord()
        .ingest(
            new SalesRecord(
                new RecordKey("erp", id), type, rep, f.clock.instant(), false, false, fields))
        .block();
  }

  /** 张三 23.33 ahead of 李四 22.86 (as in PublishScorecardsTest), 陈七 scored in the south. */
  @BeforeEach
  void novemberPublished() {
    ingest("c1", RecordType.CONTRACT, ZHANGSAN, "customer", "甲", "amount", "250000");
    ingest("n1", RecordType.NEW_CUSTOMER, ZHANGSAN, "customer", "甲");
    for (int i = 0; i < 10; i++) {
      ingest("v" + i, RecordType.VISIT, ZHANGSAN, "customer", "甲", "duration", "30");
    }
    ingest("c2", RecordType.CONTRACT, LISI, "customer", "乙", "amount", "500000");
    ingest("c4", RecordType.CONTRACT, CHENQI, "customer", "丁", "amount", "100000");
    f.say(EAST_MANAGER, "/publish 2026-11");
    f.advance(Duration.ZERO); // the sweep sends the reps' cards
  }

  private String open(Address rep, String comment) {
    String answer = f.say(rep, "/申诉 提出 2026-11 " + comment);
    Matcher m = OPENED.matcher(answer);
    assertThat(m.find()).as(answer).isTrue();
    return m.group(1);
  }

  private List<String> texts(Address to) {
    return f.outbox.commands(SendText.class).stream()
        .filter(t -> t.recipients().contains(to) && !t.commandId().startsWith("reply-"))
        .map(SendText::text)
        .toList();
  }

  private Dispute dispute(String id) {
    return f.disputes.find(id).block();
  }

  private static Map<String, String> fields(DeliverCard c) {
    return c.card().elements().stream()
        .filter(e -> e instanceof CardElement.Field)
        .map(e -> (CardElement.Field) e)
        .collect(Collectors.toMap(CardElement.Field::label, CardElement.Field::value));
  }

  @Test
  void the_scorecard_button_asks_for_the_comment_and_a_comment_opens_a_dispute_to_the_manager() {
    f.outbox.clear();
    f.advance(Duration.ofMinutes(11)); // nothing new to send; the v1 card was sent in set-up
    f.say(EAST_MANAGER, "/publish 2026-11"); // v2 with the same figures, to see the card again
    f.advance(Duration.ZERO);
    DeliverCard card =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.commandId().startsWith("scorecard-2026-11-v2-sandbox:zhangsan"))
            .findFirst()
            .orElseThrow();
    CardButton button = card.card().buttons().get(0);
    assertThat(button.action()).isEqualTo(CardActions.RUN_COMMAND);
    assertThat(button.label()).isEqualTo("button.dispute");

    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(
                "press-1",
                ZHANGSAN,
                card.card().cardId(),
                button.action(),
                button.payload(),
                f.clock.instant(),
                null))
        .block();
    assertThat(f.outbox.commands(SendText.class))
        .extracting(SendText::text)
        .containsExactly("reply.disputes.commentNeeded(2026-11)");
    assertThat(f.disputes.ofRep(ZHANGSAN, 10).collectList().block()).isEmpty();

    String id = open(ZHANGSAN, "合同 c9 漏记了 30 万");
    assertThat(id).matches("[a-z2-9]{6}");
    Dispute d = dispute(id);
    assertThat(d.state()).isEqualTo(Dispute.State.OPEN);
    assertThat(d.rep()).isEqualTo(ZHANGSAN);
    assertThat(d.team()).isEqualTo("east");
    assertThat(d.version()).isEqualTo(2);
    assertThat(d.comment()).isEqualTo("合同 c9 漏记了 30 万");
    assertThat(d.openedAt()).isEqualTo(f.clock.instant());

    DeliverCard toManager =
        f.outbox.commands(DeliverCard.class).stream()
            .filter(c -> c.commandId().startsWith("dispute-" + id))
            .findFirst()
            .orElseThrow();
    assertThat(toManager.recipients()).containsExactly(EAST_MANAGER);
    assertThat(toManager.card().title()).isEqualTo("card.dispute.title(张三,2026-11)");
    assertThat(fields(toManager))
        .containsEntry("card.dispute.id", id)
        .containsEntry("card.dispute.version", "card.dispute.versionValue(2)")
        .containsEntry("card.scorecard.composite", "23.33")
        .containsEntry("card.scorecard.teamRank", "1/3")
        .containsEntry("card.scorecard.companyRank", "1/6")
        .containsEntry("card.dispute.comment", "合同 c9 漏记了 30 万");
    assertThat(toManager.card().buttons())
        .extracting(CardButton::payload)
        .containsExactly("/disputes accept " + id, "/disputes reject " + id);

    // one open dispute per rep and month
    assertThat(f.say(ZHANGSAN, "/disputes open 2026-11 还有一条"))
        .isEqualTo("reply.disputes.alreadyOpen(2026-11," + id + ")");
  }

  @Test
  void accepting_writes_a_correction_record_publishes_a_new_version_and_tells_who_changed() {
    String id = open(LISI, "新客户乙公司没有计入");
    // the 接受 button without the figure says what to type
    assertThat(f.say(EAST_MANAGER, "/disputes accept " + id))
        .startsWith("reply.disputes.howToAccept(" + id + ",合同金额(contract-amount)、");
    assertThat(f.say(EAST_MANAGER, "/申诉 接受 " + id + " 人气 1"))
        .startsWith("reply.disputes.unknownDimension(人气," + id + ",");
    assertThat(f.say(EAST_MANAGER, "/申诉 接受 " + id + " 新客户数 -1"))
        .isEqualTo("reply.disputes.badValue(-1," + id + ")");
    assertThat(dispute(id).isOpen()).isTrue();

    assertThat(f.say(EAST_MANAGER, "/申诉 接受 " + id + " 新客户数 1 已核实合同"))
        .isEqualTo("reply.disputes.accepted(" + id + ",李四,reply.disputes.published(2026-11,2,2))");

    Dispute d = dispute(id);
    assertThat(d.state()).isEqualTo(Dispute.State.ACCEPTED);
    assertThat(d.dimension()).isEqualTo("new-customers");
    assertThat(d.value()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(d.answer()).isEqualTo("已核实合同");
    assertThat(d.answeredBy()).isEqualTo(EAST_MANAGER);
    // the correction went through the records path: validated, versioned, counted
    var correction =
        f.records
            .current(
                new RecordKey(AnswerDispute.SOURCE, "dispute-2026-11-sandbox:lisi-new-customers"))
            .block();
    assertThat(correction.status()).isEqualTo(RecordStatus.ACCEPTED);
    assertThat(correction.record().type()).isEqualTo(RecordType.METRIC);
    assertThat(correction.record().fields()).containsEntry("value", "1");
    // version 2, audited as the manager's, with the dispute as the reason
    var v2 = f.publications.version(NOVEMBER, 2).block();
    assertThat(v2.publishedBy()).isEqualTo(EAST_MANAGER);
    assertThat(v2.score(LISI).orElseThrow().teamRank()).isEqualTo(1);
    assertThat(f.publications.audit(NOVEMBER).collectList().block())
        .extracting(PublicationEvent::reason)
        .contains("audit.dispute.accepted(" + id + ",新客户数,1,已核实合同)");
    // who changed is told before and after; the rep is told the answer
    assertThat(texts(LISI))
        .containsExactly(
            "notice.scorecard.disputed(2026-11,2,notice.scorecard.line(22.86,2,2),"
                + "notice.scorecard.lineAward(27.14,1,1))",
            "notice.dispute.accepted(" + id + ",2026-11,赵六,新客户数,1,已核实合同,2)");
    assertThat(texts(ZHANGSAN))
        .containsExactly(
            "notice.scorecard.disputed(2026-11,2,notice.scorecard.lineAward(23.33,1,1),"
                + "notice.scorecard.line(23.33,2,2))");
    f.advance(Duration.ZERO);
    assertThat(f.outbox.commands(DeliverCard.class))
        .extracting(DeliverCard::commandId)
        .anyMatch(c -> c.startsWith("scorecard-2026-11-v2-sandbox:lisi"));
    assertThat(f.outbox.commands(UpdateCard.class))
        .singleElement()
        .satisfies(
            u ->
                assertThat(u.card().elements())
                    .contains(
                        new CardElement.Field(
                            "card.dispute.answer", "card.dispute.answerAccepted(赵六,新客户数,1)")));
  }

  @Test
  void a_rejection_needs_a_reason_and_tells_the_rep() {
    String id = open(ZHANGSAN, "拜访次数少算了");
    assertThat(f.say(EAST_MANAGER, "/disputes reject " + id))
        .isEqualTo("reply.disputes.reasonRequired(" + id + ")");
    assertThat(dispute(id).isOpen()).isTrue();
    assertThat(texts(ZHANGSAN)).isEmpty();

    assertThat(f.say(EAST_MANAGER, "/申诉 驳回 " + id + " 两次拜访没有签到 记录"))
        .isEqualTo("reply.disputes.rejected(" + id + ",张三)");
    Dispute d = dispute(id);
    assertThat(d.state()).isEqualTo(Dispute.State.REJECTED);
    assertThat(d.answer()).isEqualTo("两次拜访没有签到 记录");
    assertThat(d.answeredBy()).isEqualTo(EAST_MANAGER);
    assertThat(d.answeredAt()).isEqualTo(f.clock.instant());
    assertThat(texts(ZHANGSAN))
        .containsExactly("notice.dispute.rejected(" + id + ",2026-11,赵六,两次拜访没有签到 记录)");
    assertThat(f.publications.state(NOVEMBER).block().latest()).isEqualTo(1);
    // the manager's dispute card is updated in place: the answer, and no buttons left to press
    assertThat(f.outbox.commands(UpdateCard.class))
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.recipients()).containsExactly(EAST_MANAGER);
              assertThat(u.card().cardId()).isEqualTo("dispute-" + id);
              assertThat(u.card().version()).isEqualTo(2);
              assertThat(u.card().buttons()).isEmpty();
              assertThat(u.card().elements())
                  .contains(
                      new CardElement.Field(
                          "card.dispute.answer", "card.dispute.answerRejected(赵六,两次拜访没有签到 记录)"));
            });
  }

  @Test
  void only_the_manager_of_the_reps_team_answers_and_need_not_be_a_publisher() {
    String id = open(CHENQI, "合同金额不对");
    assertThat(f.say(CHENQI, "/disputes accept " + id + " 合同金额 200000"))
        .isEqualTo("reply.disputes.notYourTeam(" + id + ")");
    assertThat(f.say(ZHANGSAN, "/disputes reject " + id + " 不行"))
        .isEqualTo("reply.disputes.notYourTeam(" + id + ")");
    assertThat(f.say(EAST_MANAGER, "/disputes reject " + id + " 不行"))
        .isEqualTo("reply.disputes.notYourTeam(" + id + ")");
    assertThat(dispute(id).isOpen()).isTrue();
    assertThat(f.records.current(new RecordKey(AnswerDispute.SOURCE, "x")).block()).isNull();

    // the south manager is no publisher (only the east one is) and still answers their rep
    assertThat(f.say(SOUTH_MANAGER, "/publish 2026-11")).isEqualTo("reply.publish.notPermitted");
    assertThat(f.say(SOUTH_MANAGER, "/disputes accept " + id + " contract-amount 200000"))
        .startsWith("reply.disputes.accepted(" + id + ",陈七,reply.disputes.published(2026-11,2,");
    assertThat(f.publications.version(NOVEMBER, 2).block().publishedBy()).isEqualTo(SOUTH_MANAGER);
  }

  @Test
  void unknown_ids_double_answers_and_redelivered_answers_change_nothing_twice() {
    assertThat(f.say(EAST_MANAGER, "/disputes reject zzzzzz 不行"))
        .isEqualTo("reply.disputes.notFound(zzzzzz)");
    String id = open(LISI, "新客户没有计入");
    InboundEvent.TextMessage accept =
        new InboundEvent.TextMessage(
            "accept-1",
            EAST_MANAGER,
            "/disputes accept " + id + " new-customers 1",
            f.clock.instant());
    String answer = "reply.disputes.accepted(" + id + ",李四,reply.disputes.published(2026-11,2,2))";
    assertThat(answerTo(accept)).isEqualTo(answer);
    // redelivered after a timeout: resumes, no new version, and answers the same (the reps whose
    // rank changed are those between version 1 and 2, not none because 2 is already in force)
    assertThat(answerTo(accept)).isEqualTo(answer);
    assertThat(f.publications.state(NOVEMBER).block().latest()).isEqualTo(2);
    assertThat(f.publications.audit(NOVEMBER).collectList().block()).hasSize(2);

    assertThat(f.say(EAST_MANAGER, "/disputes reject " + id + " 重新考虑"))
        .isEqualTo("reply.disputes.alreadyAnswered(" + id + ",reply.disputes.state.accepted,赵六)");
    assertThat(f.say(EAST_MANAGER, "/disputes accept " + id + " new-customers 2"))
        .isEqualTo("reply.disputes.alreadyAnswered(" + id + ",reply.disputes.state.accepted,赵六)");
    assertThat(dispute(id).value()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(f.publications.state(NOVEMBER).block().latest()).isEqualTo(2);
  }

  @Test
  void a_month_without_a_published_version_cannot_be_disputed() {
    assertThat(f.say(ZHANGSAN, "/申诉 提出 2026-10 十月的绩效不对"))
        .isEqualTo("reply.disputes.notPublished(2026-10)");
    assertThat(f.say(ZHANGSAN, "/申诉 提出 2099-01 以后的")).isEqualTo("reply.score.badPeriod(2099-01)");
    assertThat(f.say(EAST_MANAGER, "/申诉 提出 2026-11 主管不是销售")).isEqualTo("reply.disputes.notARep");
    assertThat(f.disputes.ofRep(ZHANGSAN, 10).collectList().block()).isEmpty();
  }

  @Test
  void the_list_shows_managers_their_teams_disputes_and_reps_their_own() {
    String mine = open(ZHANGSAN, "拜访少算");
    String lisi = open(LISI, "新客户没算");
    String south = open(CHENQI, "合同不对");
    f.say(EAST_MANAGER, "/disputes reject " + lisi + " 已核对");

    String east = f.say(EAST_MANAGER, "/申诉");
    assertThat(east.lines().toList())
        .containsExactly(
            "reply.disputes.header(1,2)",
            "reply.disputes.line("
                + mine
                + ",张三,2026-11,1,reply.disputes.state.open,11-26 10:00,拜访少算)",
            "reply.disputes.line("
                + lisi
                + ",李四,2026-11,1,reply.disputes.state.rejected,11-26 10:00,新客户没算)"
                + " reply.disputes.answer(赵六,已核对)");
    assertThat(f.say(SOUTH_MANAGER, "/disputes")).contains(south).doesNotContain(mine);
    assertThat(f.say(ZHANGSAN, "/disputes")).contains(mine).doesNotContain(lisi);
    assertThat(f.say(WANGWU, "/disputes")).isEqualTo("reply.disputes.none");
  }

  private String answerTo(InboundEvent.TextMessage message) {
    f.outbox.clear();
    f.dispatcher.handle(message).block();
    return f.outbox.commands(OutboundCommand.SendText.class).stream()
        .filter(t -> t.commandId().equals("reply-" + message.eventId()))
        .map(OutboundCommand.SendText::text)
        .findFirst()
        .orElse("");
  }
}
