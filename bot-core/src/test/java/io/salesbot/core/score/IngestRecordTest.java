package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.CHENQI;
import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.SOUTH_MANAGER;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.score.domain.RecordOutcome.Status;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import io.salesbot.core.score.domain.Violation;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ingest through the core assembly over the in-memory fakes: idempotence, corrections, tombstones,
 * back-dated records, quarantine with holds, release by a correction or by a manager, /quarantine.
 */
class IngestRecordTest {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing

  private SalesRecord contract(String id, Address rep, String amount) {
    return record(
        "erp",
        id,
        RecordType.CONTRACT,
        rep,
        f.clock.instant(),
        "customer",
        "ACME",
        "amount",
        amount);
  }

  private SalesRecord payment(String id, Address rep, String amount) {
    return record(
        "finance",
        id,
        RecordType.PAYMENT,
        rep,
        f.clock.instant(),
        "contract",
        "c1",
        "amount",
        amount);
  }

  private static SalesRecord record(
      String source, String id, RecordType type, Address rep, Instant at, String... kv) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put(kv[i], kv[i + 1]);
    }
    return new SalesRecord(new RecordKey(source, id), type, rep, at, false, false, fields);
  }

  private RecordOutcome ingest(SalesRecord r) {
    return f.salesbot.ingestRecord().ingest(r).block();
  }

  @Test
  void the_same_record_again_is_unchanged_and_other_values_are_a_correction() {
    assertThat(ingest(contract("c1", LISI, "1000")).status()).isEqualTo(Status.ACCEPTED);
    RecordOutcome again = ingest(contract("c1", LISI, "1000"));
    assertThat(again.status()).isEqualTo(Status.UNCHANGED);
    assertThat(again.version()).isEqualTo(1);

    RecordOutcome corrected = ingest(contract("c1", LISI, "1200"));
    assertThat(corrected.status()).isEqualTo(Status.CORRECTED);
    assertThat(corrected.version()).isEqualTo(2);
    assertThat(f.records.versions(new RecordKey("erp", "c1")).collectList().block())
        .extracting(v -> v.record().fields().get("amount"))
        .containsExactly("1000", "1200");
  }

  @Test
  void a_tombstone_is_a_new_version_and_stops_a_payment_counting() {
    ingest(contract("c1", LISI, "1000"));
    SalesRecord p = payment("p1", LISI, "1000");
    ingest(p);
    SalesRecord gone =
        new SalesRecord(p.key(), p.type(), p.rep(), p.occurredAt(), true, false, Map.of());
    assertThat(ingest(gone).status()).isEqualTo(Status.CORRECTED);
    // with p1 gone, another 1,000 fits under 110 %
    assertThat(ingest(payment("p2", LISI, "1000")).status()).isEqualTo(Status.ACCEPTED);
  }

  @Test
  void a_back_dated_record_marks_its_period_and_a_correction_the_old_one_too() {
    Instant june = Instant.parse("2026-06-10T10:00:00+08:00");
    SalesRecord old = record("crm", "n1", RecordType.NEW_CUSTOMER, LISI, june, "customer", "A");
    SalesRecord backfill =
        new SalesRecord(old.key(), old.type(), LISI, june, false, true, old.fields());
    assertThat(ingest(backfill).status()).isEqualTo(Status.ACCEPTED);
    Instant august = Instant.parse("2026-08-10T10:00:00+08:00");
    ingest(new SalesRecord(old.key(), old.type(), LISI, august, false, true, old.fields()));

    assertThat(f.records.dirtyPeriods().collectList().block())
        .containsExactly(YearMonth.of(2026, 6), YearMonth.of(2026, 8));
  }

  @Test
  void the_seed_incident_in_small_payments_over_110_percent_hold_both_reps() {
    ingest(contract("c1", LISI, "1000"));
    assertThat(ingest(payment("p1", ZHANGSAN, "600")).status()).isEqualTo(Status.ACCEPTED);
    RecordOutcome over = ingest(payment("p2", ZHANGSAN, "650"));

    assertThat(over.status()).isEqualTo(Status.QUARANTINED);
    assertThat(over.reasons()).extracting(Violation::rule).containsExactly("payment-over-contract");
    RecordKey p2 = new RecordKey("finance", "p2");
    assertThat(f.records.openHolds().collectList().block())
        .containsExactlyInAnyOrder(
            new Hold(ZHANGSAN, NOVEMBER, p2, "payment-over-contract"),
            new Hold(LISI, NOVEMBER, p2, "payment-over-contract"));
    // a quarantined payment does not count towards the next one
    assertThat(ingest(payment("p3", ZHANGSAN, "500")).status()).isEqualTo(Status.ACCEPTED);
    // the same bad record again stays quarantined, nothing new stored
    assertThat(ingest(payment("p2", ZHANGSAN, "650")).status()).isEqualTo(Status.QUARANTINED);
    assertThat(f.records.versions(p2).collectList().block()).hasSize(1);
  }

  @Test
  void a_fixing_correction_lifts_the_holds() {
    ingest(contract("c1", LISI, "1000"));
    ingest(payment("p1", LISI, "-5"));
    assertThat(f.records.openHolds().collectList().block()).hasSize(1);

    RecordOutcome fixed = ingest(payment("p1", LISI, "5"));

    assertThat(fixed.status()).isEqualTo(Status.CORRECTED);
    assertThat(f.records.openHolds().collectList().block()).isEmpty();
    assertThat(f.records.quarantined().collectList().block()).isEmpty();
  }

  @Test
  void a_manager_releases_with_a_reason_and_only_the_reps_manager_may() {
    ingest(contract("c1", LISI, "1000"));
    ingest(payment("p1", LISI, "1200"));
    RecordKey p1 = new RecordKey("finance", "p1");
    ReleaseRecord release = f.salesbot.releaseRecord();

    assertThat(release.release(new ReleaseRecord.Command(p1, EAST_MANAGER, " ")).block())
        .isInstanceOf(ReleaseRecord.Result.ReasonRequired.class);
    assertThat(release.release(new ReleaseRecord.Command(p1, SOUTH_MANAGER, "ok")).block())
        .isInstanceOf(ReleaseRecord.Result.NotPermitted.class);
    assertThat(
            release
                .release(
                    new ReleaseRecord.Command(new RecordKey("finance", "p9"), EAST_MANAGER, "ok"))
                .block())
        .isInstanceOf(ReleaseRecord.Result.NotFound.class);
    assertThat(release.release(new ReleaseRecord.Command(p1, EAST_MANAGER, "补充协议已签")).block())
        .isEqualTo(new ReleaseRecord.Result.Released(1));

    var now = f.records.current(p1).block();
    assertThat(now.status()).isEqualTo(RecordStatus.RELEASED);
    assertThat(now.release().by()).isEqualTo(EAST_MANAGER);
    assertThat(now.release().reason()).isEqualTo("补充协议已签");
    assertThat(f.records.openHolds().collectList().block()).isEmpty();
    assertThat(release.release(new ReleaseRecord.Command(p1, EAST_MANAGER, "again")).block())
        .isEqualTo(new ReleaseRecord.Result.NotQuarantined(RecordStatus.RELEASED));
  }

  @Test
  void an_admin_releases_any_record_with_a_reason_and_is_named_as_the_releaser() {
    ingest(contract("c2", LISI, "1000"));
    ingest(payment("p2", LISI, "1200"));
    RecordKey p2 = new RecordKey("finance", "p2");
    // Not the rep's manager: as a manager this is refused, as an administrator it is not.
    Address admin = SOUTH_MANAGER;
    ReleaseRecord release = f.salesbot.releaseRecord();

    assertThat(release.release(ReleaseRecord.Command.byAdmin(p2, admin, "")).block())
        .isInstanceOf(ReleaseRecord.Result.ReasonRequired.class);
    assertThat(f.records.current(p2).block().status()).isEqualTo(RecordStatus.QUARANTINED);
    assertThat(release.release(ReleaseRecord.Command.byAdmin(p2, admin, "财务已核对")).block())
        .isEqualTo(new ReleaseRecord.Result.Released(1));

    var now = f.records.current(p2).block();
    assertThat(now.status()).isEqualTo(RecordStatus.RELEASED);
    assertThat(now.release().by()).isEqualTo(admin);
    assertThat(now.release().reason()).isEqualTo("财务已核对");
  }

  @Test
  void quarantine_lists_the_records_of_the_managers_teams_with_their_reasons() {
    ingest(contract("c1", LISI, "1000"));
    ingest(payment("p1", LISI, "-1"));
    ingest(
        record(
            "crm",
            "n1",
            RecordType.NEW_CUSTOMER,
            CHENQI,
            f.clock.instant().plusSeconds(3600),
            "customer",
            "B"));

    String east = say(EAST_MANAGER, "/quarantine");
    assertThat(east)
        .startsWith("reply.quarantine.header(1)")
        .contains("finance/p1 v1,payment,李四,2026-11,negative-amount: amount is negative: -1");
    assertThat(say(SOUTH_MANAGER, "/隔离")).contains("crm/n1 v1").contains("future-date");
    assertThat(say(LISI, "/quarantine")).isEqualTo("reply.managerOnly");
    ingest(payment("p1", LISI, "1"));
    assertThat(say(EAST_MANAGER, "/quarantine")).isEqualTo("reply.quarantine.none");
  }

  private String say(Address who, String text) {
    return f.say(who, text);
  }
}
