package io.salesbot.core.score.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per validation rule, each with the limit it must not cross and the one it may. */
class RecordValidationTest {
  private static final Instant NOW = Instant.parse("2026-03-20T02:00:00Z");
  private static final Address REP = Address.parse("wecom:ZhangSan");
  private static final RecordRules RULES = RecordRules.defaults();
  private static final SalesRecord CONTRACT =
      record("c1", RecordType.CONTRACT, NOW, "amount", "1000");

  private static SalesRecord record(String id, RecordType type, Instant at, String... kv) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put(kv[i], kv[i + 1]);
    }
    return new SalesRecord(new RecordKey("erp", id), type, REP, at, false, false, fields);
  }

  private static SalesRecord payment(String id, String amount) {
    return record(id, RecordType.PAYMENT, NOW, "contract", "c1", "amount", amount);
  }

  private static List<String> rules(SalesRecord r, RecordValidation.Context c, RecordRules rules) {
    return RecordValidation.check(r, c, rules, NOW).stream().map(Violation::rule).toList();
  }

  private static RecordValidation.Context known(SalesRecord... otherPayments) {
    return new RecordValidation.Context(true, Optional.of(CONTRACT), List.of(otherPayments));
  }

  @Test
  void payments_may_reach_110_percent_of_the_contract_but_not_more() {
    assertThat(rules(payment("p2", "600"), known(payment("p1", "500")), RULES)).isEmpty();
    List<Violation> over =
        RecordValidation.check(payment("p2", "600.01"), known(payment("p1", "500")), RULES, NOW);
    assertThat(over).extracting(Violation::rule).containsExactly("payment-over-contract");
    assertThat(over.get(0).detail())
        .contains("1100.01")
        .contains("110.0 %")
        .contains("above 110 %");
  }

  @Test
  void the_payment_ratio_is_configurable() {
    RecordRules exact =
        new RecordRules(BigDecimal.ONE, RULES.maxAmount(), RULES.futureSkew(), 2, RULES.zone());
    assertThat(rules(payment("p1", "1000"), known(), exact)).isEmpty();
    assertThat(rules(payment("p1", "1000.01"), known(), exact))
        .containsExactly("payment-over-contract");
  }

  @Test
  void negative_amounts_hours_and_durations_are_quarantined() {
    assertThat(rules(payment("p1", "-1"), known(), RULES)).containsExactly("negative-amount");
    assertThat(
            rules(
                record("m1", RecordType.MENTORING, NOW, "mentee", "wecom:LiSi", "hours", "-2"),
                known(),
                RULES))
        .containsExactly("negative-amount");
    assertThat(rules(payment("p1", "0"), known(), RULES)).isEmpty();
  }

  @Test
  void the_same_contract_amount_and_day_under_another_external_id_is_a_duplicate() {
    SalesRecord earlier = payment("p1", "300");
    assertThat(rules(payment("p2", "300.00"), known(earlier), RULES))
        .containsExactly("duplicate-payment");
    assertThat(rules(payment("p2", "300.01"), known(earlier), RULES)).isEmpty();
    SalesRecord nextDay =
        record(
            "p2",
            RecordType.PAYMENT,
            NOW.plus(Duration.ofDays(1)),
            "contract",
            "c1",
            "amount",
            "300");
    assertThat(RecordValidation.check(nextDay, known(earlier), RULES, NOW.plus(Duration.ofDays(1))))
        .isEmpty();
  }

  @Test
  void the_rep_must_be_in_the_team_directory() {
    RecordValidation.Context unknown =
        new RecordValidation.Context(false, Optional.empty(), List.of());
    assertThat(rules(record("v1", RecordType.NEW_CUSTOMER, NOW, "customer", "A"), unknown, RULES))
        .containsExactly("unknown-rep");
  }

  @Test
  void amounts_have_at_most_two_decimals_and_stay_under_the_configured_maximum() {
    assertThat(rules(payment("p1", "10.005"), known(), RULES)).containsExactly("amount-format");
    assertThat(rules(payment("p1", "10.500"), known(), RULES)).isEmpty();
    RecordRules small =
        new RecordRules(
            RULES.maxPaymentRatio(), new BigDecimal("500"), RULES.futureSkew(), 2, RULES.zone());
    assertThat(rules(payment("p1", "500.01"), known(), small)).containsExactly("amount-format");
    assertThat(rules(payment("p1", "500"), known(), small)).isEmpty();
  }

  @Test
  void a_date_beyond_the_allowed_skew_is_in_the_future() {
    SalesRecord soon = record("n1", RecordType.NEW_CUSTOMER, NOW.plusSeconds(300), "customer", "A");
    SalesRecord later =
        record("n1", RecordType.NEW_CUSTOMER, NOW.plusSeconds(301), "customer", "A");
    assertThat(rules(soon, known(), RULES)).isEmpty();
    assertThat(rules(later, known(), RULES)).containsExactly("future-date");
  }

  @Test
  void closed_periods_need_the_backfill_flag() {
    // NOW is 2026-03: March and February are open, January is not
    Instant february = Instant.parse("2026-02-01T00:00:00+08:00");
    Instant january = Instant.parse("2026-01-31T23:59:00+08:00");
    assertThat(
            rules(record("n1", RecordType.NEW_CUSTOMER, february, "customer", "A"), known(), RULES))
        .isEmpty();
    SalesRecord old = record("n1", RecordType.NEW_CUSTOMER, january, "customer", "A");
    assertThat(rules(old, known(), RULES)).containsExactly("closed-period");
    SalesRecord backfill =
        new SalesRecord(old.key(), old.type(), REP, january, false, true, old.fields());
    assertThat(rules(backfill, known(), RULES)).isEmpty();
    RecordRules oneMonth =
        new RecordRules(
            RULES.maxPaymentRatio(), RULES.maxAmount(), RULES.futureSkew(), 1, RULES.zone());
    assertThat(
            rules(
                record("n1", RecordType.NEW_CUSTOMER, february, "customer", "A"),
                known(),
                oneMonth))
        .containsExactly("closed-period");
  }

  @Test
  void a_payment_or_assist_must_name_a_known_contract() {
    RecordValidation.Context none = new RecordValidation.Context(true, Optional.empty(), List.of());
    assertThat(rules(payment("p1", "10"), none, RULES)).containsExactly("unknown-contract");
    assertThat(rules(record("a1", RecordType.ASSIST, NOW, "contract", "c9"), none, RULES))
        .containsExactly("unknown-contract");
  }

  @Test
  void a_tombstone_is_never_quarantined() {
    SalesRecord p = payment("p1", "-99999");
    SalesRecord gone =
        new SalesRecord(p.key(), p.type(), REP, p.occurredAt(), true, false, p.fields());
    assertThat(rules(gone, new RecordValidation.Context(false, Optional.empty(), List.of()), RULES))
        .isEmpty();
  }

  @Test
  void every_broken_rule_is_reported() {
    RecordValidation.Context unknown =
        new RecordValidation.Context(false, Optional.empty(), List.of());
    assertThat(rules(payment("p1", "-1.001"), unknown, RULES))
        .containsExactly("negative-amount", "amount-format", "unknown-rep", "unknown-contract");
  }
}
