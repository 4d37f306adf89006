package io.salesbot.core.score;

import static io.salesbot.core.testing.TestTeams.EAST_MANAGER;
import static io.salesbot.core.testing.TestTeams.LISI;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedCondition.Kind;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.SalesRecord;
import java.time.Duration;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Feed health through the core assembly over the in-memory fakes and the test clock: silence,
 * recovery, a changed shape, failing validation, the holds they put and their release, and the
 * biweekly data-health card. Cards are read from the outbox (wording keys, {@code EchoMessages}).
 */
class FeedHealthTest {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final Address NOBODY = Address.parse("sandbox:nobody"); // in no team

  private final PipelineFixture f = new PipelineFixture(); // now: 2026-11-26 10:00 Beijing
  private final FeedHealth health = f.salesbot.feedHealth();
  private final AtomicInteger ids = new AtomicInteger();

  /** A record arrives over the API: stored, then observed, then its source checked. */
  private RecordOutcome.Status deliver(String source, RecordType type, Address rep, String... kv) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put(kv[i], kv[i + 1]);
    }
    SalesRecord r =
        new SalesRecord(
            new RecordKey(source, "r" + ids.incrementAndGet()),
            type,
            rep,
            f.clock.instant(),
            false,
            false,
            fields);
    RecordOutcome outcome = f.salesbot.ingestRecord().ingest(r).block();
    health.observed(List.of(health.storedObservation(r, outcome.status()))).block();
    health.check(source).block();
    return outcome.status();
  }

  private void visit(Address rep, boolean gps) {
    if (gps) {
      deliver(
          "crm", RecordType.VISIT, rep, "customer", "ACME", "duration", "30", "gps", "31.2,121.4");
    } else {
      deliver("crm", RecordType.VISIT, rep, "customer", "ACME", "duration", "30");
    }
  }

  private void newCustomer(String source, Address rep) {
    deliver(source, RecordType.NEW_CUSTOMER, rep, "customer", "ACME-" + ids.get());
  }

  private List<Card> opsCards() {
    return f.outbox.commands(DeliverCard.class).stream()
        .filter(c -> c.recipients().equals(List.of(PipelineFixture.OPS)))
        .map(DeliverCard::card)
        .toList();
  }

  private static String text(Card c) {
    StringBuilder b = new StringBuilder(c.title());
    for (CardElement e : c.elements()) {
      b.append('\n').append(e);
    }
    return b.toString();
  }

  @Test
  void a_daily_source_going_silent_raises_one_alert_and_holds_the_month() {
    for (int day = 0; day < 3; day++) {
      newCustomer("finance", LISI);
      f.clock.advance(Duration.ofDays(1));
    }
    // the last delivery was 24 h ago: within the 26 h allowed
    assertThat(health.checkAll().block()).isEmpty();
    assertThat(opsCards()).isEmpty();

    f.clock.advance(Duration.ofHours(3));
    List<FeedCondition> up = health.checkAll().block();

    assertThat(up).extracting(FeedCondition::kind).containsExactly(Kind.SILENT);
    assertThat(opsCards()).hasSize(1);
    Card card = opsCards().get(0);
    assertThat(card.type()).isEqualTo(CardType.OPS_ALERT);
    assertThat(card.title()).isEqualTo("feed.card.raised(finance,feed.kind.silent)");
    assertThat(text(card)).contains("feed.detail.silent(").contains("2026-11");
    assertThat(health.heldBecause(NOVEMBER).block())
        .singleElement()
        .asString()
        .startsWith("feed.hold.reason(finance,feed.kind.silent,");
    assertThat(health.heldBecause(NOVEMBER.plusMonths(1)).block()).isEmpty();

    // still silent an hour later: told once
    f.clock.advance(Duration.ofHours(1));
    health.checkAll().block();
    assertThat(opsCards()).hasSize(1);
  }

  @Test
  void a_source_not_watched_for_silence_is_never_silent() {
    newCustomer("erp", LISI);
    f.clock.advance(Duration.ofDays(10));

    assertThat(health.checkAll().block()).isEmpty();
    assertThat(health.check("erp").block()).isEmpty();
    assertThat(opsCards()).isEmpty();
  }

  @Test
  void recovery_is_told_but_the_hold_stays_until_a_manager_releases_it_with_a_reason() {
    newCustomer("finance", LISI);
    f.clock.advance(Duration.ofHours(30));
    health.checkAll().block();
    assertThat(opsCards()).hasSize(1);

    f.clock.advance(Duration.ofHours(2));
    newCustomer("finance", LISI); // delivers again: checked on arrival

    assertThat(opsCards()).hasSize(2);
    Card resolved = opsCards().get(1);
    assertThat(resolved.title()).isEqualTo("feed.card.resolved(finance,feed.kind.silent)");
    assertThat(text(resolved)).contains("feed.card.resolvedText(finance,");
    assertThat(f.feeds.conditions().collectList().block()).isEmpty();
    assertThat(health.heldBecause(NOVEMBER).block()).hasSize(1);
    assertThat(f.say(EAST_MANAGER, "/quarantine"))
        .contains("reply.quarantine.feedHeader(1)")
        .contains("reply.quarantine.feedLine(2026-11,finance,feed.kind.silent,");

    assertThat(f.say(EAST_MANAGER, "/隔离 放行数据源 finance")).isEqualTo("reply.quarantine.feedReason");
    assertThat(f.say(LISI, "/quarantine release-feed finance 核对过")).doesNotContain("feedReleased");
    assertThat(health.heldBecause(NOVEMBER).block()).hasSize(1);

    assertThat(f.say(EAST_MANAGER, "/隔离 放行数据源 finance 已与财务核对，没有缺数"))
        .isEqualTo("reply.quarantine.feedReleased(finance,1)");
    assertThat(health.heldBecause(NOVEMBER).block()).isEmpty();
    assertThat(f.say(EAST_MANAGER, "/quarantine release-feed finance 再来一次"))
        .isEqualTo("reply.quarantine.feedNothingHeld(finance)");
  }

  @Test
  void a_changed_shape_is_caught_on_the_first_record_that_has_it() {
    FeedSettings s = PipelineFixture.FEEDS;
    for (int i = 0; i < s.learn(); i++) {
      visit(LISI, true);
    }
    assertThat(opsCards()).isEmpty();

    visit(LISI, false); // the crm stopped sending gps

    assertThat(opsCards()).hasSize(1);
    Card card = opsCards().get(0);
    assertThat(card.title()).isEqualTo("feed.card.raised(crm,feed.kind.shape)");
    assertThat(text(card)).contains("feed.detail.missing(visit,gps)");
    assertThat(health.heldBecause(NOVEMBER).block())
        .singleElement()
        .asString()
        .contains("feed.kind.shape");
  }

  @Test
  void a_refused_record_with_an_unknown_field_is_a_changed_shape_too() {
    for (int i = 0; i < 3; i++) {
      deliver("finance", RecordType.NEW_CUSTOMER, LISI, "customer", "ACME-" + i);
    }
    // the payment feed's new format: amount_cents instead of amount — refused by the parser
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("type", "payment");
    sent.put("externalId", "p-1");
    sent.put("rep", LISI.toString());
    sent.put("occurredAt", "2026-11-26T10:00:00+08:00");
    sent.put("contract", "c-1");
    sent.put("amount_cents", "120000");
    health.observed(List.of(health.refusedObservation("finance", sent))).block();
    health.check("finance").block();

    assertThat(opsCards()).hasSize(1);
    assertThat(text(opsCards().get(0)))
        .contains("feed.card.raised(finance,feed.kind.shape)")
        .contains("feed.detail.added(payment,amount_cents)")
        .contains("feed.detail.missing(payment,amount)");
  }

  @Test
  void a_spike_of_quarantined_records_raises_at_the_line_and_clears_when_they_age_out() {
    for (int i = 0; i < 20; i++) {
      newCustomer("erp", LISI);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(deliver("erp", RecordType.NEW_CUSTOMER, NOBODY, "customer", "X" + i))
          .isEqualTo(RecordOutcome.Status.QUARANTINED);
    }
    assertThat(opsCards()).isEmpty(); // 4 of 24: 16 %, below 20 %

    deliver("erp", RecordType.NEW_CUSTOMER, NOBODY, "customer", "X5"); // 5 of 25: 20 %

    assertThat(opsCards()).hasSize(1);
    assertThat(text(opsCards().get(0)))
        .contains("feed.card.raised(erp,feed.kind.failing)")
        .contains("feed.detail.failing(25,5,20,20)");
    assertThat(f.say(EAST_MANAGER, "/quarantine")).contains("feed.kind.failing");
    f.outbox.clear();

    f.clock.advance(Duration.ofHours(25)); // the day's window is empty again
    assertThat(health.checkAll().block()).isEmpty();
    assertThat(opsCards()).hasSize(1);
    assertThat(opsCards().get(0).title()).isEqualTo("feed.card.resolved(erp,feed.kind.failing)");
    assertThat(health.heldBecause(NOVEMBER).block()).hasSize(1);
  }

  @Test
  void the_biweekly_card_has_each_sources_volume_failures_and_longest_gap() {
    f.clock.advance(Duration.ofDays(-20));
    newCustomer("erp", LISI); // before the 14 days: not counted
    f.clock.advance(Duration.ofDays(8));
    newCustomer("erp", LISI);
    f.clock.advance(Duration.ofDays(3));
    deliver("erp", RecordType.NEW_CUSTOMER, NOBODY, "customer", "X"); // quarantined
    Map<String, String> bad = Map.of("type", "payment", "externalId", "p-9");
    health.observed(List.of(health.refusedObservation("erp", bad))).block();
    f.clock.advance(Duration.ofDays(2));
    newCustomer("finance", LISI);
    f.clock.advance(Duration.ofDays(7)); // now: 2026-11-26 10:00 Beijing
    f.outbox.clear();

    health.report().block();

    assertThat(opsCards()).hasSize(1);
    Card card = opsCards().get(0);
    assertThat(card.title()).isEqualTo("feed.report.title(2026-11-12,2026-11-26)");
    assertThat(text(card))
        // erp: 3 in the 14 days, 1 quarantined, 1 refused (66 %); longest gap 9 d (to now)
        .contains("feed.report.line(erp,3,1,1,66,feed.duration.days(9,0),2026-11-17 10:00)")
        // finance: 1, nothing failed, 7 d since
        .contains("feed.report.line(finance,1,0,0,0,feed.duration.days(7,0),2026-11-19 10:00)");
  }

  @Test
  void the_data_health_card_comes_every_other_monday_once_however_often_it_is_armed() {
    // now: Thursday 2026-11-26; the report Mondays (09:00 Beijing) are 2026-11-23, 12-07, 12-21
    health.armReport().block();
    health.armReport().block(); // a second instance, or a restart: the same timer

    f.advance(
        java.time.Duration.between(
            f.clock.instant(), java.time.Instant.parse("2026-12-07T00:59:00Z")));
    assertThat(opsCards()).isEmpty();
    f.advance(Duration.ofMinutes(1));

    assertThat(opsCards())
        .extracting(Card::title)
        .containsExactly("feed.report.title(2026-11-23,2026-12-07)");
    health.armReport().block();
    f.advance(Duration.ofDays(14));
    assertThat(opsCards())
        .extracting(Card::title)
        .containsExactly(
            "feed.report.title(2026-11-23,2026-12-07)", "feed.report.title(2026-12-07,2026-12-21)");
  }
}
