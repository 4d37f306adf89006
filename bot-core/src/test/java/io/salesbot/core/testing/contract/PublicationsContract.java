package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Publications;
import io.salesbot.core.score.domain.Publication;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationEvent.Action;
import io.salesbot.core.score.domain.PublicationState;
import io.salesbot.core.score.domain.PublishedScore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link Publications} that publishing, holding and rolling back rely on: versions
 * stored whole and unchanged, conditional on the previous one, the version in force, the hold, the
 * audit in order, withheld cards noted once.
 */
public abstract class PublicationsContract {
  private static final YearMonth MARCH = YearMonth.of(2025, 3);
  private static final YearMonth APRIL = YearMonth.of(2025, 4);

  /** An empty store; called once per test. */
  protected abstract Publications publications();

  private Publications store;

  private synchronized Publications store() {
    if (store == null) {
      store = publications();
    }
    return store;
  }

  private static PublishedScore score(Address rep, String composite, int rank) {
    Map<String, BigDecimal> axes = new LinkedHashMap<>();
    axes.put("results", new BigDecimal("39.30"));
    axes.put("process", new BigDecimal("0.00"));
    return new PublishedScore(
        rep,
        "east",
        new BigDecimal(composite),
        rank,
        rank,
        axes,
        rank == 1 ? "visits" : null,
        rank == 1 ? "contract-amount" : null,
        rank == 1 ? List.of("erp/c1@2", "erp/v0@1") : List.of());
  }

  private static Publication version(YearMonth period, int v, Set<Address> withheld) {
    return new Publication(
        period,
        v,
        T0.plus(Duration.ofMinutes(v)),
        ZHAOLIU,
        List.of(score(LISI, "23.30", 1), score(WANGWU, "0.00", 2)),
        withheld);
  }

  private static PublicationEvent event(YearMonth period, Action action, int v, String why) {
    return new PublicationEvent(
        period, action, v, ZHAOLIU, why, T0.plus(Duration.ofMinutes(v)), "event-" + action + v);
  }

  @Test
  void stores_a_version_whole_and_puts_it_in_force() {
    Publication v1 = version(MARCH, 1, Set.of(WANGWU));
    assertThat(store().publish(v1, event(MARCH, Action.PUBLISH, 1, "")).block()).isTrue();

    assertThat(store().version(MARCH, 1).block()).isEqualTo(v1);
    assertThat(store().version(MARCH, 1).block().scores().get(0).composite())
        .isEqualByComparingTo("23.30")
        .hasToString("23.30");
    assertThat(store().version(MARCH, 2).blockOptional()).isEmpty();
    assertThat(store().version(APRIL, 1).blockOptional()).isEmpty();
    assertThat(store().state(MARCH).block()).isEqualTo(new PublicationState(MARCH, 1, 1, false));
    assertThat(store().state(APRIL).block()).isEqualTo(PublicationState.none(APRIL));
    assertThat(store().open().collectList().block())
        .containsExactly(new PublicationState(MARCH, 1, 1, false));
  }

  @Test
  void a_version_is_stored_only_after_the_one_before_it() {
    assertThat(
            store()
                .publish(version(MARCH, 2, Set.of()), event(MARCH, Action.PUBLISH, 2, ""))
                .block())
        .isFalse();
    assertThat(
            store()
                .publish(version(MARCH, 1, Set.of()), event(MARCH, Action.PUBLISH, 1, ""))
                .block())
        .isTrue();
    // a second publisher of version 1 at the same moment loses, and nothing of theirs is written
    assertThat(
            store()
                .publish(version(MARCH, 1, Set.of(LISI)), event(MARCH, Action.PUBLISH, 1, "x"))
                .block())
        .isFalse();
    assertThat(store().version(MARCH, 1).block().withheld()).isEmpty();
    assertThat(store().audit(MARCH).collectList().block()).hasSize(1);
    assertThat(
            store()
                .publish(version(MARCH, 2, Set.of()), event(MARCH, Action.PUBLISH, 2, ""))
                .block())
        .isTrue();
    assertThat(store().state(MARCH).block()).isEqualTo(new PublicationState(MARCH, 2, 2, false));
  }

  @Test
  void rollback_moves_the_version_in_force_only_from_the_one_in_force() {
    store().publish(version(MARCH, 1, Set.of()), event(MARCH, Action.PUBLISH, 1, "")).block();
    store().publish(version(MARCH, 2, Set.of()), event(MARCH, Action.PUBLISH, 2, "")).block();

    assertThat(store().rollback(MARCH, 1, 2, event(MARCH, Action.ROLLBACK, 2, "stale")).block())
        .isFalse();
    assertThat(store().rollback(MARCH, 2, 3, event(MARCH, Action.ROLLBACK, 3, "none")).block())
        .isFalse();
    assertThat(store().rollback(MARCH, 2, 1, event(MARCH, Action.ROLLBACK, 1, "回款有误")).block())
        .isTrue();
    assertThat(store().state(MARCH).block()).isEqualTo(new PublicationState(MARCH, 1, 2, false));
    // the next version still follows the newest stored, not the one in force
    assertThat(
            store()
                .publish(version(MARCH, 2, Set.of()), event(MARCH, Action.PUBLISH, 2, ""))
                .block())
        .isFalse();
    assertThat(
            store()
                .publish(version(MARCH, 3, Set.of()), event(MARCH, Action.PUBLISH, 3, ""))
                .block())
        .isTrue();
  }

  @Test
  void a_hold_stops_the_month_until_it_is_published_or_rolled_back_and_everything_is_audited() {
    store().hold(event(APRIL, Action.HOLD, 0, "数据源异常")).block();
    assertThat(store().state(APRIL).block()).isEqualTo(new PublicationState(APRIL, 0, 0, true));
    store().publish(version(APRIL, 1, Set.of()), event(APRIL, Action.PUBLISH, 1, "")).block();
    assertThat(store().state(APRIL).block().held()).isFalse();
    store().hold(event(APRIL, Action.HOLD, 1, "再核对")).block();
    assertThat(store().open().collectList().block()).isEmpty();
    store().publish(version(APRIL, 2, Set.of()), event(APRIL, Action.PUBLISH, 2, "")).block();
    store().hold(event(APRIL, Action.HOLD, 2, "again")).block();
    store().rollback(APRIL, 2, 1, event(APRIL, Action.ROLLBACK, 1, "")).block();
    assertThat(store().state(APRIL).block()).isEqualTo(new PublicationState(APRIL, 1, 2, false));

    assertThat(store().audit(APRIL).collectList().block())
        .extracting(PublicationEvent::action, PublicationEvent::version, PublicationEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Action.HOLD, 0, "数据源异常"),
            org.assertj.core.groups.Tuple.tuple(Action.PUBLISH, 1, ""),
            org.assertj.core.groups.Tuple.tuple(Action.HOLD, 1, "再核对"),
            org.assertj.core.groups.Tuple.tuple(Action.PUBLISH, 2, ""),
            org.assertj.core.groups.Tuple.tuple(Action.HOLD, 2, "again"),
            org.assertj.core.groups.Tuple.tuple(Action.ROLLBACK, 1, ""));
    assertThat(store().audit(APRIL).blockFirst()).isEqualTo(event(APRIL, Action.HOLD, 0, "数据源异常"));
    assertThat(store().audit(MARCH).collectList().block()).isEmpty();
  }

  @Test
  void cards_are_noted_sent_once_per_version_and_rep_in_batches() {
    assertThat(store().sent(MARCH, 1).block()).isEmpty();
    assertThat(store().markSent(MARCH, 1, List.of(WANGWU)).block()).containsExactly(WANGWU);
    // a second sweep with an overlapping batch: only the rep not noted before is its to send
    assertThat(store().markSent(MARCH, 1, List.of(WANGWU, LISI)).block()).containsExactly(LISI);
    assertThat(store().markSent(MARCH, 1, List.of(WANGWU, LISI)).block()).isEmpty();
    assertThat(store().markSent(MARCH, 1, List.of()).block()).isEmpty();
    assertThat(store().markSent(MARCH, 2, List.of(WANGWU)).block()).containsExactly(WANGWU);
    assertThat(store().sent(MARCH, 1).block()).containsExactlyInAnyOrder(WANGWU, LISI);
    assertThat(store().sent(MARCH, 2).block()).containsExactly(WANGWU);
    assertThat(store().sent(APRIL, 1).block()).isEmpty();
  }

  @Test
  void a_version_as_cards_show_it_is_the_version_without_the_records_behind_its_scores() {
    Publication v1 = version(MARCH, 1, Set.of(WANGWU));
    store().publish(v1, event(MARCH, Action.PUBLISH, 1, "")).block();

    Publication shown = store().shown(MARCH, 1).block();
    assertThat(shown.scores()).allSatisfy(s -> assertThat(s.records()).isEmpty());
    assertThat(shown.scores())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("records")
        .containsExactlyElementsOf(v1.scores());
    assertThat(shown.scores().get(0).composite()).hasToString("23.30");
    assertThat(shown.withheld()).containsExactly(WANGWU);
    assertThat(shown.publishedAt()).isEqualTo(v1.publishedAt());
    assertThat(shown.publishedBy()).isEqualTo(v1.publishedBy());
    assertThat(store().shown(MARCH, 2).blockOptional()).isEmpty();
    assertThat(store().shown(APRIL, 1).blockOptional()).isEmpty();
  }
}
