package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.LISI;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.stage.DealCards;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The records salesbot derives from deals, over the core assembly: each through the record intake
 * with the source salesbot, keyed by the deal, and stored once however often the event comes.
 */
class DerivedRecordsTest {
  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing
  private final StageModel model = StageModel.defaults();
  private int n;
  private Lead lead;

  @BeforeEach
  void a_claimed_lead() {
    LeadSubmission s =
        new LeadSubmission(
            "d1",
            "web",
            "王先生",
            null,
            "宁波海润教育咨询有限公司",
            "华东",
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            Priority.NORMAL);
    f.dispatcher.handle(new InboundEvent.LeadSubmitted(s, f.clock.instant())).block();
    lead = f.leads.findByIntakeId("d1").block();
    click(LISI, "claim", lead.id());
  }

  private void click(Address who, String action, String payload) {
    click("c" + (++n), who, action, payload);
  }

  private void click(String eventId, Address who, String action, String payload) {
    f.outbox.clear();
    f.dispatcher
        .handle(
            new InboundEvent.CardAction(eventId, who, "card", action, payload, f.clock.instant()))
        .block();
  }

  private Deal deal() {
    return f.deals.find(lead.id()).block();
  }

  private RecordVersion stored(String what) {
    return f.records.current(key(what)).block();
  }

  private List<RecordVersion> versions(String what) {
    return f.records.versions(key(what)).collectList().block();
  }

  private RecordKey key(String what) {
    return new RecordKey("salesbot", "deal:" + lead.id() + ":" + what);
  }

  /** The deal, as a rep would have it after the earlier stages, written straight to the store. */
  private void inStage(int stage, String... done) {
    Deal d = deal().movedTo(stage, f.clock.instant(), List.of(), null);
    for (String id : done) {
      d = d.completed(model.checkpoint(id).orElseThrow(), LISI, f.clock.instant());
    }
    put(d);
  }

  /** Stores {@code d} as the deal's next version, however many changes it was made of. */
  private void put(Deal d) {
    Deal next =
        new Deal(
            d.id(),
            d.teamId(),
            d.owner(),
            d.stage(),
            d.stageEnteredAt(),
            d.openedAt(),
            d.outcome(),
            d.outcomeReason(),
            d.checkpoints(),
            d.nextStep(),
            d.lastProgressAt(),
            deal().version() + 1);
    assertThat(f.deals.save(next).block()).isNotNull();
  }

  /** A note the rep sent earlier, kept as evidence. */
  private String evidence(String id, String text, EvidenceKind... kinds) {
    f.evidence
        .save(new Evidence(id, LISI, Set.of(kinds), text, null, null, f.clock.instant()))
        .block();
    return id;
  }

  @Test
  void a_first_touch_within_the_sla_is_a_follow_up_metric_of_one_and_a_late_one_of_zero() {
    f.clock.advance(Duration.ofMinutes(5));
    click(LISI, "contacted", lead.id() + ":PHONE");

    RecordVersion touch = stored("first-touch");
    assertThat(touch.record().type()).isEqualTo(RecordType.METRIC);
    assertThat(touch.record().rep()).isEqualTo(LISI);
    assertThat(touch.record().fields()).containsEntry("dimension", "follow-up");
    assertThat(touch.record().fields()).containsEntry("value", "1");
    assertThat(touch.record().occurredAt()).isEqualTo(f.clock.instant());
    assertThat(f.records.dirtyPeriods().collectList().block())
        .contains(java.time.YearMonth.of(2026, 11));
  }

  @Test
  void nothing_is_derived_when_derived_records_are_off() {
    f.scorecards =
        new ScorecardSettings(
            io.salesbot.core.score.domain.ScorecardModels.defaults(), DerivedSettings.OFF);
    click(LISI, "contacted", lead.id() + ":PHONE");
    assertThat(deal().state("first-touch").done()).isTrue();
    assertThat(f.records.current(key("first-touch")).blockOptional()).isEmpty();
  }

  @Test
  void a_first_touch_after_the_sla_counts_zero() {
    f.advance(Duration.ofMinutes(20)); // past the 15-minute first-touch SLA
    click(LISI, "contacted", lead.id() + ":PHONE");
    assertThat(stored("first-touch").record().fields()).containsEntry("value", "0");
  }

  @Test
  void checkpoint_six_accepted_is_a_proposal_and_seven_a_visit_each_stored_once() {
    inStage(2);
    String file = evidence("ev-proposal", null, EvidenceKind.FILE);
    String payload = file + ":" + lead.id() + ":proposal";
    click("attach-1", LISI, DealCards.ATTACH, payload);
    assertThat(deal().state("proposal").done()).isTrue();

    RecordVersion proposal = stored("proposal");
    assertThat(proposal.version()).isEqualTo(1);
    assertThat(proposal.record().type()).isEqualTo(RecordType.METRIC);
    assertThat(proposal.record().fields())
        .isEqualTo(Map.of("dimension", "proposals", "value", "1"));

    // The same click delivered again, and pressed again: nothing new.
    click("attach-1", LISI, DealCards.ATTACH, payload);
    click(LISI, DealCards.ATTACH, payload);
    assertThat(versions("proposal")).hasSize(1);

    String note = evidence("ev-demo", "给客户技术团队做了方案演示", EvidenceKind.NOTE);
    click(LISI, DealCards.ATTACH, note + ":" + lead.id() + ":demo");
    RecordVersion visit = stored("demo");
    assertThat(visit.record().type()).isEqualTo(RecordType.VISIT);
    assertThat(visit.record().fields())
        .isEqualTo(Map.of("customer", "宁波海润教育咨询有限公司", "duration", "0"));
    // Evidence for a checkpoint that derives nothing (⑧ 报价单) stores nothing.
    assertThat(
            f.records
                .counted(
                    f.clock.instant().minus(Duration.ofDays(1)), f.clock.instant().plusSeconds(1))
                .map(v -> v.key().externalId())
                .collectList()
                .block())
        .containsExactlyInAnyOrder(
            "deal:" + lead.id() + ":proposal", "deal:" + lead.id() + ":demo");
  }

  @Test
  void a_won_deal_is_a_new_customer_and_a_contract_of_the_amount_proved_and_counts_in_the_score() {
    inStage(model.last());
    // ⑪ proved by a file and then a note with the amount, ⑫ by a note: as the rep would
    Deal d = deal();
    CheckpointDef contract = model.checkpoint("contract").orElseThrow();
    CheckpointDef payment = model.checkpoint("first-payment").orElseThrow();
    d =
        d.withEvidence(
                contract,
                Set.of(EvidenceKind.FILE),
                evidence("ev-file", null, EvidenceKind.FILE),
                LISI,
                f.clock.instant())
            .withEvidence(
                contract,
                Set.of(EvidenceKind.NOTE, EvidenceKind.AMOUNT),
                evidence("ev-amount", "合同金额 36.5万元，分三期", EvidenceKind.NOTE, EvidenceKind.AMOUNT),
                LISI,
                f.clock.instant());
    d =
        d.withEvidence(
            payment,
            Set.of(EvidenceKind.AMOUNT, EvidenceKind.DATE),
            evidence("ev-pay", "12月30日 首笔回款 10万", EvidenceKind.AMOUNT, EvidenceKind.DATE),
            LISI,
            f.clock.instant());
    put(d);

    click("win-1", LISI, DealCards.WIN, lead.id());
    assertThat(deal().outcome().name()).isEqualTo("WON");

    SalesRecord signed = stored("contract").record();
    assertThat(signed.type()).isEqualTo(RecordType.CONTRACT);
    assertThat(signed.key().source()).isEqualTo("salesbot");
    assertThat(signed.rep()).isEqualTo(LISI);
    assertThat(signed.fields()).isEqualTo(Map.of("customer", "宁波海润教育咨询有限公司", "amount", "365000"));
    SalesRecord customer = stored("won").record();
    assertThat(customer.type()).isEqualTo(RecordType.NEW_CUSTOMER);
    assertThat(customer.fields()).isEqualTo(Map.of("customer", "宁波海润教育咨询有限公司"));

    // The win delivered again, and pressed again: nothing new is stored.
    click("win-1", LISI, DealCards.WIN, lead.id());
    click(LISI, DealCards.WIN, lead.id());
    assertThat(versions("contract")).hasSize(1);
    assertThat(versions("won")).hasSize(1);

    assertThat(f.say(LISI, "/score 明细"))
        .contains(
            "reply.score.dimension(合同金额,365000,500000,73.00,1,salesbot/deal:"
                + lead.id()
                + ":contract)")
        .contains("reply.score.dimension(新客户数,1,4,25.00,1,salesbot/deal:" + lead.id() + ":won)");
  }

  @Test
  void without_an_amount_a_won_deal_is_still_a_new_customer() {
    inStage(model.last(), "contract", "first-payment"); // done without a note naming an amount
    click(LISI, DealCards.WIN, lead.id());
    assertThat(f.records.current(key("contract")).blockOptional()).isEmpty();
    assertThat(stored("won").record().type()).isEqualTo(RecordType.NEW_CUSTOMER);
  }

  @Test
  void contracts_from_a_feed_turn_the_derived_contracts_and_new_customers_off() {
    f.scorecards =
        new ScorecardSettings(
            io.salesbot.core.score.domain.ScorecardModels.defaults(),
            DerivedSettings.defaults().withContracts(false));
    inStage(model.last(), "contract", "first-payment");
    click(LISI, DealCards.WIN, lead.id());
    assertThat(f.records.current(key("won")).blockOptional()).isEmpty();
    assertThat(f.records.current(key("contract")).blockOptional()).isEmpty();
  }

  @Test
  void deriving_the_same_change_twice_stores_one_version() {
    inStage(model.last(), "contract", "first-payment");
    Deal before = deal();
    click(LISI, DealCards.WIN, lead.id());
    Deal won = deal();
    var transition = f.deals.transitions(lead.id()).blockLast();
    DerivedRecords derived =
        new DerivedRecords(
            f.salesbot.ingestRecord(),
            f.leads,
            f.evidence,
            f.clocks,
            () -> f.scorecards,
            f.timers,
            f.clock);
    derived.changed(before, won, transition).block();
    derived.changed(before, won, transition).block();
    assertThat(versions("won")).hasSize(1);
  }

  @Test
  void what_fails_to_be_stored_is_derived_again_on_a_timer_for_the_owner_then() {
    ScorecardSettings on = f.scorecards;
    inStage(model.last(), "contract", "first-payment");
    Deal before = deal();
    f.scorecards = new ScorecardSettings(on.models(), DerivedSettings.OFF);
    click(LISI, DealCards.WIN, lead.id()); // stored, nothing derived
    Deal won = deal();
    var transition = f.deals.transitions(lead.id()).blockLast();
    assertThat(f.records.current(key("won")).blockOptional()).isEmpty();
    f.scorecards = on;
    // a lookup that fails once, as PostgreSQL does when it restarts
    java.util.concurrent.atomic.AtomicBoolean failed =
        new java.util.concurrent.atomic.AtomicBoolean();
    io.salesbot.core.lead.Leads failingOnce =
        (io.salesbot.core.lead.Leads)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {io.salesbot.core.lead.Leads.class},
                (proxy, method, args) ->
                    method.getName().equals("findById") && failed.compareAndSet(false, true)
                        ? reactor.core.publisher.Mono.error(new IllegalStateException("db down"))
                        : method.invoke(f.leads, args));
    DerivedRecords derived =
        new DerivedRecords(
            f.salesbot.ingestRecord(),
            failingOnce,
            f.evidence,
            f.clocks,
            () -> f.scorecards,
            f.timers,
            f.clock);

    derived.changed(before, won, transition).block(); // the failure is not passed on
    assertThat(failed).isTrue();
    assertThat(f.records.current(key("won")).blockOptional()).isEmpty();
    assertThat(f.timers.pending())
        .filteredOn(t -> t.kind().equals(DerivedRecords.RETRY))
        .singleElement()
        .satisfies(t -> assertThat(t.dueAt()).isEqualTo(f.clock.instant().plusSeconds(60)));

    // a minute later the assembly's timer derives it, for the owner when it was won
    Deal now = deal(); // reassigned since: the records stay the owner's when it was won
    put(
        new Deal(
            now.id(),
            now.teamId(),
            io.salesbot.core.testing.TestTeams.ZHANGSAN,
            now.stage(),
            now.stageEnteredAt(),
            now.openedAt(),
            now.outcome(),
            now.outcomeReason(),
            now.checkpoints(),
            now.nextStep(),
            now.lastProgressAt(),
            now.version()));
    f.advance(DerivedRecords.RETRY_AFTER);
    assertThat(stored("won").record().rep()).isEqualTo(LISI);
    assertThat(stored("won").record().occurredAt()).isEqualTo(transition.at());
    assertThat(f.timers.pending()).noneMatch(t -> t.kind().equals(DerivedRecords.RETRY));
  }
}
