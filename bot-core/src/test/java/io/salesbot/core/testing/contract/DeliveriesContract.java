package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static io.salesbot.core.testing.contract.ContractFixtures.ZHAOLIU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.platform.domain.Delivery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link Deliveries} that delivering outbound commands relies on: a command
 * redelivered after a crash reaches only the recipients it has not reached yet.
 */
public abstract class DeliveriesContract {
  /** An empty store; called once per test. */
  protected abstract Deliveries deliveries();

  private Deliveries deliveries;

  private synchronized Deliveries store() {
    if (deliveries == null) {
      deliveries = deliveries();
    }
    return deliveries;
  }

  private static final List<Address> ALL = List.of(LISI, WANGWU, ZHAOLIU);

  @Test
  public void delivered_names_the_recipients_this_command_already_reached() {
    store()
        .record(List.of(new Delivery("cmd-1", LISI, "msg-1"), new Delivery("cmd-1", ZHAOLIU, "m2")))
        .block();
    store().record(List.of(new Delivery("cmd-2", WANGWU, "msg-3"))).block();

    assertThat(store().delivered("cmd-1", ALL).block()).containsExactlyInAnyOrder(LISI, ZHAOLIU);
    assertThat(store().delivered("cmd-2", ALL).block()).containsExactly(WANGWU);
    assertThat(store().delivered("cmd-3", ALL).block()).isEmpty();
  }

  @Test
  public void delivered_only_answers_for_the_recipients_asked_about() {
    store()
        .record(List.of(new Delivery("cmd-1", LISI, "msg-1"), new Delivery("cmd-1", WANGWU, "m2")))
        .block();

    assertThat(store().delivered("cmd-1", List.of(WANGWU, ZHAOLIU)).block())
        .containsExactly(WANGWU);
    assertThat(store().delivered("cmd-1", List.of()).block()).isEmpty();
  }

  @Test
  public void delivered_all_answers_each_question_in_order_as_delivered_would() {
    store()
        .record(
            List.of(
                new Delivery("cmd-1", LISI, "msg-1"),
                new Delivery("cmd-1", ZHAOLIU, "m2"),
                new Delivery("cmd-2", WANGWU, "msg-3")))
        .block();

    List<Set<Address>> answers =
        store()
            .deliveredAll(
                List.of(
                    new Deliveries.Asked("cmd-2", ALL),
                    new Deliveries.Asked("cmd-1", List.of(WANGWU, ZHAOLIU)),
                    new Deliveries.Asked("cmd-3", ALL),
                    new Deliveries.Asked("cmd-1", List.of()),
                    new Deliveries.Asked("cmd-1", ALL)))
            .block();

    assertThat(answers)
        .containsExactly(
            Set.of(WANGWU), Set.of(ZHAOLIU), Set.of(), Set.of(), Set.of(LISI, ZHAOLIU));
    assertThat(store().deliveredAll(List.of()).block()).isEmpty();
  }

  @Test
  public void recording_a_delivery_again_is_harmless() {
    Delivery d = new Delivery("cmd-1", LISI, "msg-1");
    store().record(List.of(d)).block();
    store().record(List.of(d, new Delivery("cmd-1", LISI, "msg-again"))).block();
    store().record(List.of()).block();

    assertThat(store().delivered("cmd-1", ALL).block()).containsExactly(LISI);
  }

  @Test
  public void nothing_is_recorded_until_subscribed() {
    store().record(List.of(new Delivery("cmd-1", LISI, "msg-1")));

    assertThat(store().delivered("cmd-1", ALL).block()).isEmpty();
  }

  @Test
  public void delivered_reads_the_store_when_subscribed_not_when_made() {
    var delivered = store().delivered("cmd-1", ALL);
    store().record(List.of(new Delivery("cmd-1", LISI, "msg-1"))).block();

    assertThat(delivered.block()).containsExactly(LISI);
  }
}
