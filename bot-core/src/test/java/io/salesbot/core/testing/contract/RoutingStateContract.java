package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.routing.RoutingState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The behaviour of {@link RoutingState} (round-robin turns, duty) that routing relies on. */
public abstract class RoutingStateContract {
  /** An empty store; called once per test. */
  protected abstract RoutingState routingState();

  private RoutingState state;

  private synchronized RoutingState store() {
    if (state == null) {
      state = routingState();
    }
    return state;
  }

  @Test
  public void turns_count_from_zero_per_team() {
    assertThat(store().nextTurn("east").block()).isZero();
    assertThat(store().nextTurn("east").block()).isEqualTo(1);
    assertThat(store().nextTurn("west").block()).isZero();
    assertThat(store().nextTurn("east").block()).isEqualTo(2);
  }

  @Test
  public void concurrent_turns_are_all_different() {
    List<Long> turns =
        Flux.range(0, 30)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(i -> store().nextTurn("east"))
            .sequential()
            .collectList()
            .block();

    assertThat(turns).hasSize(30).doesNotHaveDuplicates();
    assertThat(turns).allMatch(t -> t >= 0 && t < 30);
  }

  @Test
  public void reps_are_on_duty_until_set_off() {
    assertThat(store().offDuty(List.of(LISI, WANGWU)).block()).isEmpty();
    assertThat(store().offDuty(List.of()).block()).isEmpty();

    store().setDuty(LISI, false, T0).block();
    store().setDuty(LISI, false, T0.plusSeconds(1)).block();
    store().setDuty(ZHAOLIU, true, T0).block();
    assertThat(store().offDuty(List.of(LISI, WANGWU, ZHAOLIU)).block()).isEqualTo(Set.of(LISI));

    store().setDuty(LISI, true, T0.plusSeconds(2)).block();
    assertThat(store().offDuty(List.of(LISI, WANGWU, ZHAOLIU)).block()).isEmpty();
  }
}
