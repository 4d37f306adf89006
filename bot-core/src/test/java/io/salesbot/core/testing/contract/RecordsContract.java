package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.IngestRecord;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.Receivable;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordOutcome.Status;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Release;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.Tally;
import io.salesbot.core.score.domain.Violation;
import io.salesbot.core.testing.InMemoryRecords;
import io.salesbot.core.testing.RecordGenerator;
import io.salesbot.core.testing.TestTeams;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link Records} that record ingest, quarantine, release and (later) scoring rely
 * on: versions kept, conditional appends, holds lifted by the next version or a release.
 */
public abstract class RecordsContract {
  private static final YearMonth MARCH = YearMonth.of(2025, 3);
  private static final YearMonth FEBRUARY = YearMonth.of(2025, 2);

  /** An empty store; called once per test. */
  protected abstract Records records();

  private Records records;

  private synchronized Records store() {
    if (records == null) {
      records = records();
    }
    return records;
  }

  static SalesRecord contract(String source, String id, String amount) {
    return new SalesRecord(
        new RecordKey(source, id),
        RecordType.CONTRACT,
        LISI,
        T0,
        false,
        false,
        Map.of("customer", "ACME 制造", "amount", amount));
  }

  static SalesRecord payment(String id, String contract, String amount) {
    return new SalesRecord(
        new RecordKey("finance", id),
        RecordType.PAYMENT,
        WANGWU,
        T0.plusSeconds(60),
        false,
        true,
        Map.of("contract", contract, "amount", amount));
  }

  static RecordVersion accepted(SalesRecord r, int version) {
    return new RecordVersion(r, version, RecordStatus.ACCEPTED, List.of(), T0, null);
  }

  static RecordVersion quarantined(SalesRecord r, int version) {
    return new RecordVersion(
        r,
        version,
        RecordStatus.QUARANTINED,
        List.of(new Violation("payment-over-contract", "120.0 % of 100"), new Violation("x", "y")),
        T0.plusSeconds(5),
        null);
  }

  @Test
  public void a_stored_version_comes_back_whole_as_the_current_one() {
    RecordVersion v = quarantined(payment("p1", "c1", "120.50"), 1);
    assertThat(store().append(v, List.of(), Set.of(MARCH)).block()).isTrue();

    assertThat(store().current(v.key()).block()).isEqualTo(v);
    assertThat(store().current(new RecordKey("finance", "p2")).block()).isNull();
    assertThat(store().current(new RecordKey("erp", "p1")).block()).isNull();
  }

  @Test
  public void a_correction_is_a_new_version_and_the_old_one_is_kept() {
    RecordVersion v1 = accepted(contract("erp", "c1", "100"), 1);
    RecordVersion v2 = accepted(contract("erp", "c1", "200"), 2);
    store().append(v1, List.of(), Set.of(MARCH)).block();
    assertThat(store().append(v2, List.of(), Set.of(MARCH)).block()).isTrue();

    assertThat(store().current(v1.key()).block()).isEqualTo(v2);
    assertThat(store().versions(v1.key()).collectList().block()).containsExactly(v1, v2);
  }

  @Test
  public void an_append_that_is_not_the_next_version_writes_nothing() {
    RecordVersion v1 = accepted(contract("erp", "c1", "100"), 1);
    store().append(v1, List.of(), Set.of(MARCH)).block();

    assertThat(store().append(v1, List.of(), Set.of(FEBRUARY)).block()).isFalse();
    assertThat(
            store().append(accepted(contract("erp", "c1", "300"), 3), List.of(), Set.of()).block())
        .isFalse();
    assertThat(
            store().append(accepted(contract("erp", "c2", "300"), 2), List.of(), Set.of()).block())
        .isFalse();
    assertThat(store().versions(v1.key()).collectList().block()).containsExactly(v1);
    assertThat(store().dirtyPeriods().collectList().block()).containsExactly(MARCH);
  }

  @Test
  public void counted_lists_the_current_counted_living_records_of_a_time_range_in_any_order() {
    store().append(accepted(contract("erp", "c1", "100"), 1), List.of(), Set.of()).block();
    RecordVersion c1v2 = accepted(contract("erp", "c1", "120"), 2);
    store().append(c1v2, List.of(), Set.of()).block();
    RecordVersion p1 = accepted(payment("p1", "c1", "40"), 1);
    store().append(p1, List.of(), Set.of()).block();
    store().append(quarantined(payment("p2", "c1", "400"), 1), List.of(), Set.of()).block();
    RecordVersion p3 = quarantined(payment("p3", "c1", "10"), 1);
    store().append(p3, List.of(), Set.of()).block();
    store().release(p3.key(), 1, new Release(ZHAOLIU, "对过账", T0.plusSeconds(90)), MARCH).block();
    SalesRecord gone = contract("crm", "c9", "10");
    store().append(accepted(gone, 1), List.of(), Set.of()).block();
    store()
        .append(
            accepted(
                new SalesRecord(
                    gone.key(),
                    gone.type(),
                    gone.rep(),
                    gone.occurredAt(),
                    true,
                    false,
                    gone.fields()),
                2),
            List.of(),
            Set.of())
        .block();

    assertThat(
            store()
                .counted(T0, T0.plusSeconds(61))
                .map(v -> v.key() + " v" + v.version() + " " + v.status())
                .collectList()
                .block())
        .containsExactlyInAnyOrder(
            "erp/c1 v2 ACCEPTED", "finance/p1 v1 ACCEPTED", "finance/p3 v1 RELEASED");
    assertThat(
            store()
                .counted(T0, T0.plusSeconds(61))
                .filter(v -> v.key().equals(p3.key()))
                .collectList()
                .block())
        .as("what a score never reads is left out: the reasons and the release")
        .containsExactly(
            new RecordVersion(
                p3.record(), 1, RecordStatus.RELEASED, List.of(), p3.receivedAt(), null));
    assertThat(store().current(p3.key()).block().release())
        .as("the current version still has them")
        .isNotNull();
    assertThat(store().counted(T0, T0.plusSeconds(60)).collectList().block())
        .as("up to, not including, the end")
        .containsExactly(c1v2);
    assertThat(store().counted(T0.plusSeconds(61), T0.plusSeconds(3600)).collectList().block())
        .isEmpty();
  }

  @Test
  public void counted_of_some_types_lists_only_those_of_the_counted_records() {
    RecordVersion c1 = accepted(contract("erp", "c1", "100"), 1);
    store().append(c1, List.of(), Set.of()).block();
    RecordVersion p1 = accepted(payment("p1", "c1", "40"), 1);
    store().append(p1, List.of(), Set.of()).block();
    store().append(quarantined(payment("p2", "c1", "400"), 1), List.of(), Set.of()).block();

    assertThat(
            store()
                .counted(T0, T0.plusSeconds(61), Set.of(RecordType.PAYMENT))
                .collectList()
                .block())
        .containsExactly(p1);
    assertThat(
            store()
                .counted(T0, T0.plusSeconds(61), Set.of(RecordType.CONTRACT, RecordType.PAYMENT))
                .collectList()
                .block())
        .as("the same as counted(from, to) when every stored type is asked for")
        .containsExactlyInAnyOrderElementsOf(
            store().counted(T0, T0.plusSeconds(61)).collectList().block());
    assertThat(
            store().counted(T0, T0.plusSeconds(61), Set.of(RecordType.VISIT)).collectList().block())
        .isEmpty();
  }

  @Test
  public void tallies_reduce_the_counted_records_of_a_range_per_rep_and_kind() {
    store().append(accepted(contract("erp", "c1", "100.50"), 1), List.of(), Set.of()).block();
    store().append(accepted(contract("erp", "c1", "120"), 2), List.of(), Set.of()).block();
    store().append(accepted(contract("erp", "c2", "0.125"), 1), List.of(), Set.of()).block();
    store().append(accepted(payment("p1", "c1", "40"), 1), List.of(), Set.of()).block();
    store().append(quarantined(payment("p2", "c1", "400"), 1), List.of(), Set.of()).block();
    store()
        .append(
            accepted(of(RecordType.METRIC, "m1", T0, "dimension", "proposals", "value", "1"), 1),
            List.of(),
            Set.of())
        .block();
    store()
        .append(
            accepted(of(RecordType.METRIC, "m2", T0, "dimension", "proposals", "value", "2.50"), 1),
            List.of(),
            Set.of())
        .block();
    store()
        .append(
            accepted(of(RecordType.METRIC, "m3", T0, "dimension", "follow-up", "value", "0.8"), 1),
            List.of(),
            Set.of())
        .block();
    store()
        .append(accepted(of(RecordType.METRIC, "m4", T0, "value", "5"), 1), List.of(), Set.of())
        .block();
    store()
        .append(
            accepted(of(RecordType.MENTORING, "h1", T0, "mentee", "sandbox:wangwu"), 1),
            List.of(),
            Set.of())
        .block();
    store()
        .append(
            accepted(of(RecordType.VISIT, "v1", T0, "customer", "甲", "duration", "30"), 1),
            List.of(),
            Set.of())
        .block();
    store()
        .append(accepted(of(RecordType.VISIT, "v2", T0, "customer", "乙"), 1), List.of(), Set.of())
        .block();
    SalesRecord gone = of(RecordType.VISIT, "v3", T0, "customer", "丙");
    store().append(accepted(gone, 1), List.of(), Set.of()).block();
    store().append(accepted(deleted(gone), 2), List.of(), Set.of()).block();
    store()
        .append(
            accepted(of(RecordType.VISIT, "v4", T0.plusSeconds(61), "customer", "丁"), 1),
            List.of(),
            Set.of())
        .block();

    assertThat(store().tallies(T0, T0.plusSeconds(61)).collectList().block())
        .as("one per rep, type and (metrics) dimension; sums keep their decimals' scale")
        .containsExactlyInAnyOrder(
            tally(LISI, RecordType.CONTRACT, null, 2, "120.125"),
            tally(WANGWU, RecordType.PAYMENT, null, 1, "40"),
            tally(LISI, RecordType.METRIC, "proposals", 2, "3.50"),
            tally(LISI, RecordType.METRIC, "follow-up", 1, "0.8"),
            tally(LISI, RecordType.METRIC, null, 1, "5"),
            tally(LISI, RecordType.MENTORING, null, 1, "0"),
            tally(LISI, RecordType.VISIT, null, 2, "0"));
    assertThat(store().tallies(T0.plusSeconds(61), T0.plusSeconds(62)).collectList().block())
        .containsExactly(tally(LISI, RecordType.VISIT, null, 1, "0"));
  }

  @Test
  public void receivables_sum_the_payments_on_each_contract_before_and_in_the_period() {
    Instant begins = T0.plusSeconds(100);
    Instant to = T0.plusSeconds(200);
    store()
        .append(
            accepted(at(contract("erp", "c0", "9"), T0.minusSeconds(1)), 1), List.of(), Set.of())
        .block();
    store()
        .append(
            accepted(at(contract("erp", "c1", "1000.00"), T0.plusSeconds(5)), 1),
            List.of(),
            Set.of())
        .block();
    SalesRecord crm = at(contract("crm", "c1", "500"), T0.plusSeconds(6));
    crm =
        new SalesRecord(
            crm.key(), crm.type(), ZHAOLIU, crm.occurredAt(), false, false, crm.fields());
    store().append(accepted(crm, 1), List.of(), Set.of()).block();
    store()
        .append(
            accepted(at(contract("erp", "c2", "300"), T0.plusSeconds(7)), 1), List.of(), Set.of())
        .block();
    store()
        .append(accepted(at(contract("erp", "c3", "70"), begins), 1), List.of(), Set.of())
        .block();
    store()
        .append(
            accepted(at(payment("p1", "c1", "100.5"), T0.plusSeconds(5)), 1), List.of(), Set.of())
        .block();
    store()
        .append(
            accepted(at(payment("p2", "c1", "200"), T0.plusSeconds(50)), 1), List.of(), Set.of())
        .block();
    store()
        .append(
            accepted(at(payment("p3", "c1", "50.25"), T0.plusSeconds(150)), 1), List.of(), Set.of())
        .block();
    store()
        .append(
            quarantined(at(payment("p4", "c1", "400"), T0.plusSeconds(150)), 1),
            List.of(),
            Set.of())
        .block();
    store().append(accepted(at(payment("p5", "c1", "10"), to), 1), List.of(), Set.of()).block();
    store()
        .append(
            accepted(at(payment("p6", "c3", "70"), T0.plusSeconds(150)), 1), List.of(), Set.of())
        .block();

    assertThat(store().receivables(T0, T0.plusSeconds(10), begins, to).collectList().block())
        .as(
            "contracts of [contractsFrom, begins); payments by the contract's externalId, any source")
        .containsExactlyInAnyOrder(
            new Receivable(
                LISI,
                new RecordKey("erp", "c1"),
                new BigDecimal("1000.00"),
                new BigDecimal("200"),
                new BigDecimal("50.25"),
                List.of()),
            new Receivable(
                ZHAOLIU,
                new RecordKey("crm", "c1"),
                new BigDecimal("500"),
                new BigDecimal("200"),
                new BigDecimal("50.25"),
                List.of()),
            new Receivable(
                LISI,
                new RecordKey("erp", "c2"),
                new BigDecimal("300"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of()));
  }

  @Test
  public void tallies_and_receivables_are_the_counted_records_reduced_as_in_memory() {
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    YearMonth last = YearMonth.of(2025, 4);
    RecordGenerator.fill(store(), 14, zone, RecordGenerator.reps(6), last, 4, 12);
    for (YearMonth m = last.minusMonths(2); !m.isAfter(last); m = m.plusMonths(1)) {
      Instant begins = m.atDay(1).atStartOfDay(zone).toInstant();
      Instant to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
      Instant contractsFrom = m.minusMonths(2).atDay(1).atStartOfDay(zone).toInstant();
      Instant paymentsFrom = m.minusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
      List<SalesRecord> inMonth = records(begins, to);
      assertThat(store().tallies(begins, to).collectList().block())
          .as("tallies of %s", m)
          .isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(
              Tally.of(inMonth).stream().map(Tally::withoutRecords).toList());
      List<SalesRecord> contracts =
          records(contractsFrom, begins).stream()
              .filter(r -> r.type() == RecordType.CONTRACT)
              .toList();
      List<SalesRecord> payments =
          records(paymentsFrom, to).stream().filter(r -> r.type() == RecordType.PAYMENT).toList();
      assertThat(store().receivables(contractsFrom, paymentsFrom, begins, to).collectList().block())
          .as("receivables of %s", m)
          .isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(
              Receivable.of(contracts, payments, begins).stream()
                  .map(Receivable::withoutRecords)
                  .toList());
    }
  }

  private List<SalesRecord> records(Instant from, Instant to) {
    return store().counted(from, to).map(RecordVersion::record).collectList().block();
  }

  private static Tally tally(Address rep, RecordType type, String dimension, long n, String sum) {
    return new Tally(rep, type, dimension, n, new BigDecimal(sum), List.of());
  }

  private static SalesRecord of(RecordType type, String id, Instant at, String... fields) {
    Map<String, String> f = new java.util.HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      f.put(fields[i], fields[i + 1]);
    }
    return new SalesRecord(new RecordKey("bi", id), type, LISI, at, false, false, f);
  }

  private static SalesRecord at(SalesRecord r, Instant when) {
    return new SalesRecord(r.key(), r.type(), r.rep(), when, r.deleted(), r.backfill(), r.fields());
  }

  private static SalesRecord deleted(SalesRecord r) {
    return new SalesRecord(
        r.key(), r.type(), r.rep(), r.occurredAt(), true, r.backfill(), r.fields());
  }

  @Test
  public void contracts_and_payments_list_only_current_counted_living_records() {
    store().append(accepted(contract("erp", "c1", "100"), 1), List.of(), Set.of()).block();
    store().append(accepted(contract("crm", "c1", "90"), 1), List.of(), Set.of()).block();
    store().append(accepted(contract("erp", "c2", "50"), 1), List.of(), Set.of()).block();
    RecordVersion p1 = accepted(payment("p1", "c1", "40"), 1);
    store().append(p1, List.of(), Set.of()).block();
    store().append(quarantined(payment("p2", "c1", "400"), 1), List.of(), Set.of()).block();
    SalesRecord gone = payment("p3", "c1", "10");
    store().append(accepted(gone, 1), List.of(), Set.of()).block();
    SalesRecord tombstone =
        new SalesRecord(
            gone.key(), gone.type(), gone.rep(), gone.occurredAt(), true, false, gone.fields());
    store().append(accepted(tombstone, 2), List.of(), Set.of()).block();
    store().append(accepted(payment("p4", "c2", "10"), 1), List.of(), Set.of()).block();

    assertThat(store().contracts("c1").map(v -> v.key().source()).collectList().block())
        .containsExactly("crm", "erp");
    assertThat(store().payments("c1").collectList().block()).containsExactly(p1);
  }

  @Test
  public void holds_of_a_record_are_lifted_by_its_next_version() {
    SalesRecord bad = payment("p1", "c1", "400");
    Hold wangwu = new Hold(WANGWU, MARCH, bad.key(), "payment-over-contract");
    Hold lisi = new Hold(LISI, MARCH, bad.key(), "payment-over-contract");
    Hold other = new Hold(ZHAOLIU, FEBRUARY, new RecordKey("finance", "p9"), "negative-amount");
    store().append(quarantined(bad, 1), List.of(wangwu, lisi), Set.of(MARCH)).block();
    store()
        .append(quarantined(payment("p9", "c1", "-1"), 1), List.of(other), Set.of(FEBRUARY))
        .block();
    assertThat(store().openHolds().collectList().block()).containsExactly(lisi, wangwu, other);
    assertThat(store().quarantined().map(RecordVersion::key).collectList().block())
        .containsExactly(bad.key(), other.record());

    store().append(accepted(payment("p1", "c1", "40"), 2), List.of(), Set.of(MARCH)).block();

    assertThat(store().openHolds().collectList().block()).containsExactly(other);
    assertThat(store().quarantined().map(RecordVersion::key).collectList().block())
        .containsExactly(other.record());
    assertThat(store().dirtyPeriods().collectList().block()).containsExactly(FEBRUARY, MARCH);
  }

  @Test
  public void a_release_keeps_who_and_why_lifts_the_holds_and_marks_the_period() {
    SalesRecord bad = payment("p1", "c1", "400");
    store()
        .append(
            quarantined(bad, 1),
            List.of(new Hold(WANGWU, MARCH, bad.key(), "payment-over-contract")),
            Set.of())
        .block();
    Release release = new Release(ZHAOLIU, "合同已补充协议增加金额", T0.plusSeconds(3600));

    assertThat(store().release(bad.key(), 1, release, FEBRUARY).block()).isTrue();

    RecordVersion now = store().current(bad.key()).block();
    assertThat(now.status()).isEqualTo(RecordStatus.RELEASED);
    assertThat(now.release()).isEqualTo(release);
    assertThat(now.reasons()).isEqualTo(quarantined(bad, 1).reasons());
    assertThat(store().openHolds().collectList().block()).isEmpty();
    assertThat(store().quarantined().collectList().block()).isEmpty();
    assertThat(store().payments("c1").collectList().block()).containsExactly(now);
    assertThat(store().dirtyPeriods().collectList().block()).containsExactly(FEBRUARY);
  }

  @Test
  public void only_the_current_quarantined_version_can_be_released() {
    SalesRecord bad = payment("p1", "c1", "400");
    store().append(quarantined(bad, 1), List.of(), Set.of()).block();
    store().append(accepted(payment("p1", "c1", "40"), 2), List.of(), Set.of()).block();
    Release release = new Release(ZHAOLIU, "ok", T0);

    assertThat(store().release(bad.key(), 1, release, MARCH).block()).isFalse();
    assertThat(store().release(bad.key(), 2, release, MARCH).block()).isFalse();
    assertThat(store().release(new RecordKey("finance", "nope"), 1, release, MARCH).block())
        .isFalse();
    assertThat(store().current(bad.key()).block().status()).isEqualTo(RecordStatus.ACCEPTED);
    assertThat(store().dirtyPeriods().collectList().block()).isEmpty();
  }

  @Test
  public void a_batch_append_is_all_or_nothing() {
    RecordVersion c1 = accepted(contract("erp", "c1", "100"), 1);
    store().append(c1, List.of(), Set.of(MARCH)).block();
    Hold held = new Hold(WANGWU, MARCH, new RecordKey("finance", "p9"), "x");
    store().append(accepted(contract("erp", "c9", "9"), 1), List.of(), Set.of()).block();
    store().append(quarantined(payment("p9", "c9", "99"), 1), List.of(held), Set.of(MARCH)).block();

    RecordVersion c2 = accepted(contract("erp", "c2", "200"), 1);
    RecordVersion stale = accepted(contract("erp", "c1", "300"), 3); // c1 is at version 1
    assertThat(
            store()
                .appendAll(
                    List.of(
                        new Records.Append(c2, List.of(), Set.of(FEBRUARY)),
                        new Records.Append(stale, List.of(), Set.of(FEBRUARY))))
                .block())
        .isFalse();
    assertThat(store().current(c2.key()).block()).isNull();
    assertThat(store().current(c1.key()).block()).isEqualTo(c1);
    assertThat(store().dirtyPeriods().collectList().block()).containsExactly(MARCH);

    RecordVersion p9 = accepted(payment("p9", "c9", "9"), 2);
    Hold put = new Hold(LISI, FEBRUARY, c2.key(), "unknown-rep");
    assertThat(
            store()
                .appendAll(
                    List.of(
                        new Records.Append(c2, List.of(put), Set.of(FEBRUARY)),
                        new Records.Append(p9, List.of(), Set.of(MARCH))))
                .block())
        .isTrue();
    assertThat(
            store()
                .current(List.of(c2.key(), p9.key(), new RecordKey("x", "y")))
                .collectList()
                .block())
        .containsExactlyInAnyOrder(c2, p9);
    // the correction lifted p9's hold; c2's hold is put
    assertThat(store().openHolds().collectList().block()).containsExactly(put);
    assertThat(store().dirtyPeriods().collectList().block()).containsExactly(FEBRUARY, MARCH);
    assertThat(store().contracts(List.of("c1", "c2", "c3")).collectList().block())
        .containsExactly(c1, c2);
    assertThat(store().payments(List.of("c9")).collectList().block()).containsExactly(p9);
  }

  @Test
  public void a_batch_is_answered_and_stored_as_if_its_records_came_one_by_one() {
    Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
    InMemoryRecords reference = new InMemoryRecords();
    IngestRecord one =
        new IngestRecord(reference, TestTeams.directory(), RecordRules::defaults, clock);
    IngestRecord all =
        new IngestRecord(store(), TestTeams.directory(), RecordRules::defaults, clock);
    List<SalesRecord> before = List.of(contract("erp", "c2", "1000"), payment("p20", "c2", "500"));
    before.forEach(r -> one.ingest(r).block());
    before.forEach(r -> all.ingest(r).block());
    SalesRecord p1 = payment("p1", "c1", "600");
    SalesRecord stranger =
        new SalesRecord(
            new RecordKey("crm", "v1"),
            RecordType.VISIT,
            Address.parse("sandbox:nobody"),
            T0,
            false,
            false,
            Map.of("customer", "ACME", "duration", "30"));
    List<SalesRecord> batch =
        List.of(
            contract("erp", "c1", "1000"), // a contract, then payments naming it in the same batch
            p1,
            payment("p2", "c1", "650"), // 600 + 650 > 110 % of 1,000: quarantined, holds two reps
            payment("p3", "c1", "600"), // the same amount and day as p1, and over
            payment("p4", "c9", "10"), // no such contract
            payment("p21", "c2", "700"), // with p20 (before the batch) over 110 %
            contract("erp", "c1", "2000"), // c1 again: a correction
            payment("p5", "c1", "500"), // fits under the corrected amount
            payment("p2", "c1", "650"), // the same values again: answered as before, not stored
            new SalesRecord(p1.key(), p1.type(), p1.rep(), p1.occurredAt(), true, true, Map.of()),
            payment("p2", "c1", "100"), // corrects the quarantined p2: its holds are lifted
            stranger);
    List<IngestRecord.Ingested> expected =
        batch.stream()
            .map(r -> (IngestRecord.Ingested) new IngestRecord.Ingested.Done(one.ingest(r).block()))
            .toList();

    assertThat(all.ingestAll(batch).block()).containsExactlyElementsOf(expected);
    assertThat(expected)
        .extracting(i -> ((IngestRecord.Ingested.Done) i).outcome().status())
        .containsExactly(
            Status.ACCEPTED,
            Status.ACCEPTED,
            Status.QUARANTINED,
            Status.QUARANTINED,
            Status.QUARANTINED,
            Status.QUARANTINED,
            Status.CORRECTED,
            Status.ACCEPTED,
            Status.QUARANTINED,
            Status.CORRECTED,
            Status.CORRECTED,
            Status.QUARANTINED);
    for (SalesRecord r : batch) {
      assertThat(store().versions(r.key()).collectList().block())
          .as("versions of %s", r.key())
          .isEqualTo(reference.versions(r.key()).collectList().block());
    }
    assertThat(store().openHolds().collectList().block())
        .isEqualTo(reference.openHolds().collectList().block())
        .isNotEmpty();
    assertThat(store().dirtyPeriods().collectList().block())
        .isEqualTo(reference.dirtyPeriods().collectList().block());
  }
}
