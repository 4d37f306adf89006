package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.score.Feeds;
import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedCondition.Kind;
import io.salesbot.core.score.domain.FeedHold;
import io.salesbot.core.score.domain.FeedObservation;
import io.salesbot.core.score.domain.FeedObservation.Outcome;
import io.salesbot.core.score.domain.FeedTally;
import io.salesbot.core.score.domain.Release;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link Feeds} that feed health relies on. */
public abstract class FeedsContract {
  private static final YearMonth NOV = YearMonth.of(2026, 11);
  private static final YearMonth DEC = YearMonth.of(2026, 12);

  /** An empty store; called once per test. */
  protected abstract Feeds feeds();

  private Feeds feeds;

  private synchronized Feeds store() {
    if (feeds == null) {
      feeds = feeds();
    }
    return feeds;
  }

  private static FeedObservation seen(
      String source, String type, Instant at, Outcome outcome, String... fields) {
    return new FeedObservation(source, type, at, outcome, Set.of(fields), Set.of(), Set.of(), NOV);
  }

  @Test
  public void observations_come_back_as_kept_newest_first_or_oldest_first_by_type() {
    FeedObservation a = seen("finance", "payment", T0, Outcome.ACCEPTED, "amount", "contract");
    FeedObservation b =
        new FeedObservation(
            "finance",
            "payment",
            T0.plusSeconds(60),
            Outcome.REFUSED,
            Set.of("amount_cents", "contract"),
            Set.of("amount_cents"),
            Set.of("amount"),
            DEC);
    FeedObservation c =
        seen("finance", "payment", T0.plusSeconds(120), Outcome.QUARANTINED, "amount");
    FeedObservation d = seen("finance", "visit", T0.plusSeconds(180), Outcome.ACCEPTED);
    FeedObservation other = seen("erp", "payment", T0.plusSeconds(240), Outcome.ACCEPTED, "amount");
    for (FeedObservation o : List.of(a, b, c, d, other)) {
      store().observe(o).block();
    }

    assertThat(store().recent("finance", T0, 10).collectList().block()).containsExactly(d, c, b, a);
    assertThat(store().recent("finance", T0.plusSeconds(60), 2).collectList().block())
        .containsExactly(d, c);
    assertThat(store().first("finance", "payment", T0, 10).collectList().block())
        .containsExactly(a, c);
    assertThat(store().first("finance", "payment", T0.plusSeconds(1), 10).collectList().block())
        .containsExactly(c);
    assertThat(store().first("finance", "payment", T0, 1).collectList().block()).containsExactly(a);
    assertThat(store().last("finance").block()).isEqualTo(T0.plusSeconds(180));
    assertThat(store().last("crm").block()).isNull();
  }

  @Test
  public void a_batch_of_observations_is_kept_whole_and_in_its_order() {
    FeedObservation a = seen("finance", "payment", T0, Outcome.ACCEPTED, "amount", "contract");
    FeedObservation b =
        new FeedObservation(
            "finance",
            "",
            T0,
            Outcome.REFUSED,
            Set.of("a\"b,c", "{x}"),
            Set.of("a\"b,c"),
            Set.of("amount", "contract"),
            DEC);
    FeedObservation c = seen("finance", "visit", T0, Outcome.QUARANTINED);
    store().observeAll(List.of(a, b, c)).block();
    store().observeAll(List.of()).block();

    // the same arrival time: newest first is the batch's order reversed
    assertThat(store().recent("finance", T0, 10).collectList().block()).containsExactly(c, b, a);
  }

  @Test
  public void a_tally_counts_each_sources_span_and_its_longest_gap() {
    store().observe(seen("erp", "contract", T0.minusSeconds(10), Outcome.ACCEPTED)).block();
    store().observe(seen("erp", "contract", T0, Outcome.ACCEPTED)).block();
    store()
        .observe(seen("erp", "contract", T0.plus(Duration.ofHours(5)), Outcome.QUARANTINED))
        .block();
    store().observe(seen("erp", "contract", T0.plus(Duration.ofHours(6)), Outcome.REFUSED)).block();
    store().observe(seen("crm", "visit", T0.plus(Duration.ofHours(1)), Outcome.ACCEPTED)).block();
    store().observe(seen("crm", "visit", T0.plus(Duration.ofHours(9)), Outcome.ACCEPTED)).block();

    List<FeedTally> t = store().tally(T0, T0.plus(Duration.ofHours(8))).collectList().block();

    assertThat(t)
        .containsExactly(
            new FeedTally("crm", 1, 0, 0, Duration.ofHours(7), T0.plus(Duration.ofHours(1))),
            new FeedTally("erp", 3, 1, 1, Duration.ofHours(5), T0.plus(Duration.ofHours(6))));
  }

  @Test
  public void a_condition_is_raised_once_with_its_holds_and_cleared_once_leaving_them() {
    FeedCondition silent = new FeedCondition("finance", Kind.SILENT, T0, "无数据 27 小时");
    FeedCondition shape = new FeedCondition("finance", Kind.SHAPE, T0.plusSeconds(5), "新字段 x");
    FeedCondition failing = new FeedCondition("erp", Kind.FAILING, T0, "5/25");

    assertThat(store().raise(silent, Set.of(NOV, DEC)).block()).isTrue();
    assertThat(store().raise(silent, Set.of(NOV)).block()).isFalse();
    assertThat(
            store()
                .raise(new FeedCondition("finance", Kind.SILENT, T0.plusSeconds(9), "x"), Set.of())
                .block())
        .isFalse();
    assertThat(store().raise(shape, Set.of(NOV)).block()).isTrue();
    assertThat(store().raise(failing, Set.of(DEC)).block()).isTrue();

    assertThat(store().conditions().collectList().block()).containsExactly(failing, shape, silent);
    assertThat(store().openHolds().collectList().block())
        .containsExactly(
            new FeedHold(NOV, shape),
            new FeedHold(NOV, silent),
            new FeedHold(DEC, failing),
            new FeedHold(DEC, silent));

    assertThat(store().clear("finance", Kind.SILENT).block()).isEqualTo(silent);
    assertThat(store().clear("finance", Kind.SILENT).block()).isNull();
    assertThat(store().clear("erp", Kind.SHAPE).block()).isNull();
    assertThat(store().conditions().collectList().block()).containsExactly(failing, shape);
    assertThat(store().openHolds().collectList().block()).hasSize(4);

    // raised again after clearing: a new condition, new holds
    FeedCondition again = new FeedCondition("finance", Kind.SILENT, T0.plusSeconds(60), "again");
    assertThat(store().raise(again, Set.of(NOV)).block()).isTrue();
    assertThat(store().openHolds().collectList().block()).hasSize(5);
  }

  @Test
  public void a_release_lifts_every_open_hold_of_the_source_once() {
    FeedCondition shape = new FeedCondition("finance", Kind.SHAPE, T0, "新字段 x");
    FeedCondition failing = new FeedCondition("erp", Kind.FAILING, T0, "5/25");
    store().raise(shape, Set.of(NOV, DEC)).block();
    store().raise(failing, Set.of(NOV)).block();
    assertThat(store().shapeReleased("finance").block()).isNull();

    Instant at = T0.plus(Duration.ofHours(2));
    assertThat(store().release("finance", new Release(LISI, "已核对", at)).block()).isEqualTo(2);
    assertThat(store().release("finance", new Release(LISI, "again", at.plusSeconds(1))).block())
        .isZero();

    assertThat(store().openHolds().collectList().block())
        .containsExactly(new FeedHold(NOV, failing));
    assertThat(store().shapeReleased("finance").block()).isEqualTo(at);
    assertThat(store().shapeReleased("erp").block()).isNull();
  }
}
