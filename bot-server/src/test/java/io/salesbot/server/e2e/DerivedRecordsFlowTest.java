package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.stage.domain.Deal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The records salesbot derives, end to end over the sandbox and PostgreSQL: a deal brought to 签约执行
 * as the demo deals are (written straight to the store), ⑪ proved by a contract file and a note
 * with its amount, ⑫ by a note, 赢单 — and the rep's /绩效 明细 shows the contract amount from a record
 * of the source salesbot, stored once. (The test profile's finance source may send records, so
 * {@code salesbot.scorecards.derived.contracts} is {@code on} there.)
 */
class DerivedRecordsFlowTest extends EndToEndSupport {
  private static final String REP = "lisi";

  @Autowired PostgresAdapter postgres;
  @Autowired StageSettings stages;
  @Autowired Clock clock;

  private final SandboxDeals deals = new SandboxDeals(this);

  @Test
  void a_deal_won_in_chat_is_a_contract_of_its_amount_in_the_reps_draft_scorecard() {
    String leadId = deals.contactedDeal(REP, "海润教育 王先生");
    Deal opened = postgres.deals().find(leadId).block();
    Deal last = opened.movedTo(stages.model().last(), clock.instant(), List.of(), null);
    assertThat(postgres.deals().save(last).block()).isNotNull();

    deals.proveByFile(
        REP,
        leadId,
        ("%PDF-1.4 合同 " + leadId).getBytes(StandardCharsets.UTF_8),
        "合同.pdf",
        MediaType.APPLICATION_PDF,
        "contract");
    deals.awaitLead(
        leadId,
        l ->
            SandboxDeals.checkpoints(l).stream()
                .anyMatch(
                    c ->
                        "contract".equals(c.get("id"))
                            && !((List<?>) c.get("evidence")).isEmpty()));
    deals.proveByNote(REP, leadId, "合同金额 36.5万元，分三期", "contract");
    deals.awaitCheckpoint(leadId, "contract", "done");
    deals.proveByNote(REP, leadId, "12月30日 首笔回款 10万", "first-payment");
    deals.awaitCheckpoint(leadId, "first-payment", "done");

    act(REP, "deal-" + leadId, "deal-win", leadId);
    deals.awaitLead(leadId, l -> "won".equals(l.get("outcome")));

    String contractKey = "salesbot/deal:" + leadId + ":contract";
    String month = YearMonth.now(clock.withZone(ZoneId.of("Asia/Shanghai"))).toString();
    deals.say(REP, "/绩效 明细");
    Map<String, Object> answer =
        awaitItem(
            REP,
            i ->
                "text".equals(i.get("kind"))
                    && String.valueOf(i.get("text")).startsWith("李四 " + month + " 绩效")
                    && String.valueOf(i.get("text")).contains(contractKey));
    String contractLine =
        answer
            .get("text")
            .toString()
            .lines()
            .filter(l -> l.startsWith("合同金额："))
            .findFirst()
            .orElseThrow();
    // The month's contracts of 李四: this one, and any another test of this context gave them.
    assertThat(new java.math.BigDecimal(contractLine.split("[：/]")[1].strip()))
        .isGreaterThanOrEqualTo(new java.math.BigDecimal("365000"));

    RecordVersion contract =
        postgres
            .records()
            .current(new RecordKey("salesbot", "deal:" + leadId + ":contract"))
            .block();
    assertThat(contract.record().type()).isEqualTo(RecordType.CONTRACT);
    assertThat(contract.record().fields()).containsEntry("amount", "365000");
    assertThat(contract.record().rep().toString()).isEqualTo("sandbox:" + REP);
    assertThat(
            postgres
                .records()
                .versions(new RecordKey("salesbot", "deal:" + leadId + ":won"))
                .collectList()
                .block())
        .singleElement()
        .satisfies(v -> assertThat(v.record().type()).isEqualTo(RecordType.NEW_CUSTOMER));
    // ① by 已联系 in the prologue: a follow-up metric, 1 (within the SLA).
    assertThat(
            postgres
                .records()
                .current(new RecordKey("salesbot", "deal:" + leadId + ":first-touch"))
                .block()
                .record()
                .fields())
        .containsEntry("dimension", "follow-up")
        .containsEntry("value", "1");
  }
}
