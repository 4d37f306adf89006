package io.salesbot.core.platform;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.PipelineFixture;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.platform.domain.Delivery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class DeliverOutboundTest {
  private final PipelineFixture f = new PipelineFixture();

  @Test
  void sends_once_per_recipient_even_when_redelivered() {
    SendText t = new SendText("c1", "hi", List.of(ZHANGSAN, LISI));
    StepVerifier.create(f.deliver.handle(t)).verifyComplete();
    StepVerifier.create(f.deliver.handle(t)).verifyComplete();
    assertThat(f.sandbox.sent()).hasSize(1);
    assertThat(f.deliveries.all()).hasSize(2);
  }

  @Test
  void a_failed_send_records_nothing_and_is_retried_later() {
    SendText t = new SendText("c1", "hi", List.of(ZHANGSAN));
    f.sandbox.failing(true);
    StepVerifier.create(f.deliver.handle(t)).expectError().verify();
    assertThat(f.deliveries.all()).isEmpty();
    f.sandbox.failing(false);
    StepVerifier.create(f.deliver.handle(t)).verifyComplete();
    assertThat(f.deliveries.all()).hasSize(1);
  }

  @Test
  void commands_handled_at_the_same_time_read_and_record_their_deliveries_together() {
    GatedDeliveries store = new GatedDeliveries(f.deliveries);
    DeliverOutbound deliver = new DeliverOutbound(List.of(f.sandbox), store, f.outbox, f.clock);
    SendText first = new SendText("c1", "hi", List.of(ZHANGSAN));
    SendText again = new SendText("c1", "hi", List.of(ZHANGSAN, LISI));
    SendText other = new SendText("c2", "ho", List.of(LISI));
    SendText third = new SendText("c3", "ha", List.of(ZHANGSAN));
    f.deliveries.record(List.of(new Delivery("c1", ZHANGSAN, "earlier"))).block();

    // The first read holds the store; the three commands arriving meanwhile wait for it together.
    var all =
        Flux.just(first, again, other, third)
            .flatMap(c -> deliver.handle(c).thenReturn(c.commandId()))
            .collectList();
    StepVerifier.create(all)
        .then(store::open)
        .assertNext(done -> assertThat(done).hasSize(4))
        .verifyComplete();

    assertThat(store.batchReads).containsExactly(1, 3);
    assertThat(store.singleReads).isZero();
    // c1 reached ZHANGSAN before: only LISI gets it now; c2 and c3 go out once each.
    assertThat(f.sandbox.sent()).hasSize(3);
    assertThat(f.deliveries.all())
        .extracting(d -> d.commandId() + " " + d.recipient().userId())
        .containsExactlyInAnyOrder("c1 zhangsan", "c1 lisi", "c2 lisi", "c3 zhangsan");
  }

  /**
   * Deliveries whose first batch read waits until {@link #open()}; counts the batch sizes it sees
   * and the single reads (only a failed batch makes those).
   */
  private static final class GatedDeliveries implements Deliveries {
    private final Deliveries store;
    private final Sinks.Empty<Void> gate = Sinks.empty();
    final List<Integer> batchReads = new java.util.concurrent.CopyOnWriteArrayList<>();
    int singleReads;

    GatedDeliveries(Deliveries store) {
      this.store = store;
    }

    void open() {
      gate.tryEmitEmpty();
    }

    @Override
    public Mono<Set<Address>> delivered(String commandId, List<Address> recipients) {
      singleReads++;
      return store.delivered(commandId, recipients);
    }

    @Override
    public Mono<List<Set<Address>>> deliveredAll(List<Asked> questions) {
      return Mono.defer(
          () -> {
            batchReads.add(questions.size());
            Mono<List<Set<Address>>> read = store.deliveredAll(questions);
            return batchReads.size() == 1 ? gate.asMono().then(read) : read;
          });
    }

    @Override
    public Mono<Void> record(List<Delivery> deliveries) {
      return store.record(deliveries);
    }
  }

  @Test
  void unknown_platform_fails_with_a_message_naming_it() {
    SendText t = new SendText("c1", "hi", List.of(Address.parse("wecom:x")));
    StepVerifier.create(f.deliver.handle(t))
        .expectErrorMessage("no chat platform 'wecom' is enabled; enabled: [sandbox]")
        .verify();
  }
}
