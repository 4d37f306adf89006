package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.score.Disputes;
import io.salesbot.core.score.domain.Dispute;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link Disputes} that opening, answering and listing disputes rely on. */
public abstract class DisputesContract {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

  /** An empty store; called once per test. */
  protected abstract Disputes disputes();

  private Disputes disputes;

  private synchronized Disputes store() {
    if (disputes == null) {
      disputes = disputes();
    }
    return disputes;
  }

  private static Dispute dispute(String id, String team, int seconds) {
    return dispute(id, team, seconds, NOVEMBER);
  }

  private static Dispute dispute(String id, String team, int seconds, YearMonth period) {
    return Dispute.open(
        id, LISI, team, period, 2, "合同 HT-118 漏记", T0.plusSeconds(seconds), "m-" + id);
  }

  @Test
  public void a_dispute_is_stored_once_by_id_and_read_back_as_stored() {
    Dispute d = dispute("k3m9qp", "east", 0);
    assertThat(store().open(d).block()).isTrue();
    assertThat(store().open(dispute("k3m9qp", "south", 5)).block()).isFalse();

    assertThat(store().find("k3m9qp").block()).isEqualTo(d);
    assertThat(store().find("zzzzzz").block()).isNull();
  }

  @Test
  public void a_rep_has_at_most_one_open_dispute_of_a_month_even_when_two_open_at_once() {
    Dispute first = dispute("f1f1f1", "east", 0);
    Dispute second = dispute("s2s2s2", "east", 1);
    Dispute december = dispute("d3d3d3", "east", 2, NOVEMBER.plusMonths(1));

    java.util.List<Boolean> both =
        reactor.core.publisher.Flux.merge(store().open(first), store().open(second))
            .collectList()
            .block();
    assertThat(both).containsExactlyInAnyOrder(true, false);
    assertThat(store().open(december).block()).isTrue();
    Dispute open = store().find("f1f1f1").block() != null ? first : second;
    Dispute refused = open == first ? second : first;
    assertThat(store().find(refused.id()).block()).isNull();

    store().answer(open.rejected("不符", ZHAOLIU, T0.plusSeconds(60), "r-" + open.id())).block();
    assertThat(store().open(refused).block()).isTrue();
  }

  @Test
  public void an_answer_is_stored_only_while_the_dispute_is_open() {
    Dispute d = dispute("a2b3c4", "east", 0);
    store().open(d).block();
    Dispute accepted =
        d.accepted(
            "contract-amount", new BigDecimal("300000.50"), "", ZHAOLIU, T0.plusSeconds(60), "m2");
    Dispute rejected = d.rejected("没有依据", ZHAOLIU, T0.plusSeconds(61), "m3");

    assertThat(store().answer(accepted).block()).isTrue();
    assertThat(store().answer(rejected).block()).isFalse();
    assertThat(
            store().answer(dispute("nosuch", "east", 0).rejected("x", ZHAOLIU, T0, "m4")).block())
        .isFalse();
    Dispute stored = store().find("a2b3c4").block();
    assertThat(stored).isEqualTo(accepted);
    assertThat(stored.value()).isEqualByComparingTo("300000.50");
  }

  @Test
  public void lists_a_teams_open_disputes_oldest_first_and_its_answered_ones_newest_first() {
    Dispute first = dispute("aaaaaa", "east", 0, NOVEMBER);
    Dispute second = dispute("bbbbbb", "east", 10, NOVEMBER.minusMonths(1));
    Dispute third = dispute("cccccc", "east", 20, NOVEMBER.minusMonths(2));
    Dispute fourth = dispute("dddddd", "east", 30, NOVEMBER.minusMonths(3));
    Dispute south = dispute("eeeeee", "south", 5, NOVEMBER.minusMonths(4));
    for (Dispute d : new Dispute[] {fourth, second, first, third, south}) {
      store().open(d).block();
    }
    Dispute firstAnswered = first.rejected("不符", ZHAOLIU, T0.plusSeconds(100), "r1");
    Dispute thirdAnswered = third.rejected("不符", ZHAOLIU, T0.plusSeconds(200), "r2");
    store().answer(firstAnswered).block();
    store().answer(thirdAnswered).block();

    assertThat(store().openOf("east").collectList().block()).containsExactly(second, fourth);
    assertThat(store().answeredOf("east", 5).collectList().block())
        .containsExactly(thirdAnswered, firstAnswered);
    assertThat(store().answeredOf("east", 1).collectList().block()).containsExactly(thirdAnswered);
    assertThat(store().openOf("south").collectList().block()).containsExactly(south);
    assertThat(store().openOf("north").collectList().block()).isEmpty();
  }

  @Test
  public void lists_a_reps_disputes_newest_first() {
    Dispute older = dispute("aaaaaa", "east", 0, NOVEMBER.minusMonths(1));
    Dispute newer = dispute("bbbbbb", "east", 10);
    Dispute other =
        Dispute.open("cccccc", WANGWU, "east", NOVEMBER, 1, "拜访少算", T0.plusSeconds(20), "m-c");
    store().open(older).block();
    store().open(other).block();
    store().open(newer).block();

    assertThat(store().ofRep(LISI, 10).collectList().block()).containsExactly(newer, older);
    assertThat(store().ofRep(LISI, 1).collectList().block()).containsExactly(newer);
    assertThat(store().ofRep(WANGWU, 10).collectList().block()).containsExactly(other);
    assertThat(store().ofRep(ZHAOLIU, 10).collectList().block()).isEmpty();
  }
}
