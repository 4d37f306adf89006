package io.salesbot.core.platform;

import static io.salesbot.core.testing.TestTeams.LISI;
import static io.salesbot.core.testing.TestTeams.ZHANGSAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingOutbox;
import io.salesbot.core.testing.RecordingOutbox.Deferred;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What {@link DeliverOutbound} does when a platform says "later" or cannot be reached. */
class DeliverOutboundWaitingTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  private final InMemoryDeliveries deliveries = new InMemoryDeliveries();
  private final RecordingOutbox outbox = new RecordingOutbox();
  private final ScriptedPlatform platform = new ScriptedPlatform();
  private final DeliverOutbound deliver =
      new DeliverOutbound(List.of(platform), deliveries, outbox, clock);
  private final SendText text = new SendText("c1", "hi", List.of(ZHANGSAN, LISI));

  /** A platform whose answers the test lines up, one per call; records whom each call was for. */
  static final class ScriptedPlatform implements ChatPlatform {
    final Deque<Function<List<Address>, Mono<SendOutcome>>> answers = new ArrayDeque<>();
    final List<List<Address>> calls = new ArrayList<>();

    @Override
    public String id() {
      return "sandbox";
    }

    @Override
    public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> to) {
      return answer(to);
    }

    @Override
    public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> to) {
      return answer(to);
    }

    @Override
    public Mono<SendOutcome> sendText(String commandId, String text, List<Address> to) {
      return answer(to);
    }

    private synchronized Mono<SendOutcome> answer(List<Address> to) {
      calls.add(List.copyOf(to));
      Function<List<Address>, Mono<SendOutcome>> next = answers.poll();
      return next == null ? delivered(to) : next.apply(to);
    }

    static Mono<SendOutcome> delivered(List<Address> to) {
      return Mono.just(
          new SendOutcome.Delivered(
              to.stream().map(a -> new Delivery("c1", a, "m-" + a.userId())).toList()));
    }
  }

  @Test
  void out_of_budget_records_who_got_it_and_defers_the_rest_in_line() {
    platform.answers.add(
        to ->
            Mono.just(
                new SendOutcome.Later(
                    List.of(new Delivery("c1", ZHANGSAN, "m-1")),
                    SendOutcome.Wait.SEND_BUDGET,
                    "LiSi's budget is spent",
                    Duration.ofSeconds(3))));

    StepVerifier.create(deliver.handle(text)).verifyComplete();

    assertThat(deliveries.all()).extracting(Delivery::recipient).containsExactly(ZHANGSAN);
    assertThat(outbox.deferred())
        .containsExactly(new Deferred(text, clock.instant().plusSeconds(3)));

    // when it comes back, only LiSi is sent to
    clock.advance(Duration.ofSeconds(3));
    StepVerifier.create(deliver.handle(text)).verifyComplete();
    assertThat(platform.calls).containsExactly(List.of(ZHANGSAN, LISI), List.of(LISI));
    assertThat(deliveries.all())
        .extracting(Delivery::recipient)
        .containsExactlyInAnyOrder(ZHANGSAN, LISI);
  }

  @Test
  void out_of_budget_passes_the_wait_as_the_spacing_of_the_line() {
    List<Duration> spacings = new ArrayList<>();
    Outbox lined =
        new Outbox() {
          @Override
          public Mono<Void> emit(OutboundCommand command) {
            return Mono.empty();
          }

          @Override
          public Mono<Void> defer(OutboundCommand command, Instant notBefore) {
            return Mono.error(new AssertionError("must be deferred in line"));
          }

          @Override
          public Mono<Void> deferInLine(
              OutboundCommand command, Instant notBefore, Duration spacing) {
            spacings.add(spacing);
            return Mono.empty();
          }
        };
    DeliverOutbound d = new DeliverOutbound(List.of(platform), deliveries, lined, clock);
    platform.answers.add(
        to ->
            Mono.just(
                new SendOutcome.Later(
                    List.of(), SendOutcome.Wait.SEND_BUDGET, "spent", Duration.ofMillis(2500))));

    StepVerifier.create(d.handle(text)).verifyComplete();

    assertThat(spacings).containsExactly(Duration.ofMillis(2500));
    assertThat(deliveries.all()).isEmpty();
  }

  private static final Card OFFER =
      new Card("lead-1", 1, CardType.LEAD_OFFER, "新线索", List.of(), List.of());

  @Test
  void an_urgent_command_out_of_budget_does_not_queue_behind_the_line() {
    List<String> how = new ArrayList<>();
    Outbox lined =
        new Outbox() {
          @Override
          public Mono<Void> emit(OutboundCommand command) {
            return Mono.empty();
          }

          @Override
          public Mono<Void> defer(OutboundCommand command, Instant notBefore) {
            how.add(command.commandId() + " at " + notBefore);
            return Mono.empty();
          }

          @Override
          public Mono<Void> deferInLine(
              OutboundCommand command, Instant notBefore, Duration spacing) {
            how.add(command.commandId() + " in line");
            return Mono.empty();
          }
        };
    DeliverOutbound d = new DeliverOutbound(List.of(platform), deliveries, lined, clock);
    OutboundCommand.DeliverCard hot =
        new OutboundCommand.DeliverCard("hot-offer", OFFER, List.of(LISI), true);
    OutboundCommand.DeliverCard routine =
        new OutboundCommand.DeliverCard("routine", OFFER, List.of(LISI));
    platform.answers.add(
        to ->
            Mono.just(
                new SendOutcome.Later(
                    List.of(), SendOutcome.Wait.SEND_BUDGET, "spent", Duration.ofSeconds(2))));
    platform.answers.add(
        to ->
            Mono.just(
                new SendOutcome.Later(
                    List.of(), SendOutcome.Wait.SEND_BUDGET, "spent", Duration.ofSeconds(2))));

    StepVerifier.create(d.handle(routine)).verifyComplete();
    StepVerifier.create(d.handle(hot)).verifyComplete();

    assertThat(how)
        .containsExactly("routine in line", "hot-offer at " + clock.instant().plusSeconds(2));
  }

  @Test
  void an_unavailable_platform_defers_with_a_backoff_growing_with_the_outage() {
    for (int i = 0; i < 3; i++) {
      platform.answers.add(
          to -> Mono.error(new ChatDeliveryException("sandbox", "circuit-open", "open", true)));
    }

    StepVerifier.create(deliver.handle(text)).verifyComplete();
    clock.advance(Duration.ofSeconds(20));
    StepVerifier.create(deliver.handle(text)).verifyComplete();
    clock.advance(Duration.ofMinutes(5));
    StepVerifier.create(deliver.handle(text)).verifyComplete();

    List<Deferred> d = outbox.deferred();
    assertThat(d).hasSize(3);
    Instant start = Instant.parse("2026-11-26T02:00:00Z");
    assertThat(Duration.between(start, d.get(0).notBefore()))
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
    assertThat(Duration.between(start.plusSeconds(20), d.get(1).notBefore()))
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(24));
    assertThat(Duration.between(start.plusSeconds(320), d.get(2).notBefore()))
        .isBetween(Duration.ofMinutes(1), Duration.ofSeconds(72));
    assertThat(deliveries.all()).isEmpty();

    // a success ends the outage: the next one starts from the minimum again
    clock.advance(Duration.ofMinutes(1));
    StepVerifier.create(deliver.handle(new SendText("c2", "x", List.of(ZHANGSAN))))
        .verifyComplete();
    StepVerifier.create(deliver.handle(text)).verifyComplete();
    assertThat(outbox.deferred()).hasSize(3);
    platform.answers.add(
        to -> Mono.error(new ChatDeliveryException("sandbox", "io", "reset", true)));
    StepVerifier.create(deliver.handle(new SendText("c3", "x", List.of(LISI)))).verifyComplete();
    Deferred last = outbox.deferred().get(3);
    assertThat(Duration.between(clock.instant(), last.notBefore()))
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
  }

  @Test
  void other_errors_fail_as_before_and_are_not_deferred() {
    platform.answers.add(
        to -> Mono.error(new ChatDeliveryException("sandbox", "81013", "no such user", false)));
    platform.answers.add(
        to -> Mono.error(new ChatDeliveryException("sandbox", "40001", "bad secret", true)));
    platform.answers.add(to -> Mono.error(new IllegalStateException("bug")));

    StepVerifier.create(deliver.handle(text)).expectError(ChatDeliveryException.class).verify();
    StepVerifier.create(deliver.handle(text)).expectError(ChatDeliveryException.class).verify();
    StepVerifier.create(deliver.handle(text)).expectError(IllegalStateException.class).verify();

    assertThat(outbox.deferred()).isEmpty();
    assertThat(deliveries.all()).isEmpty();
  }

  @Test
  void a_failing_outbox_fails_the_command_so_that_the_stream_keeps_it() {
    Outbox broken =
        new Outbox() {
          @Override
          public Mono<Void> emit(OutboundCommand command) {
            return Mono.empty();
          }

          @Override
          public Mono<Void> defer(OutboundCommand command, Instant notBefore) {
            return Mono.error(new IllegalStateException("redis down"));
          }
        };
    DeliverOutbound d = new DeliverOutbound(List.of(platform), deliveries, broken, clock);
    platform.answers.add(
        to ->
            Mono.just(
                new SendOutcome.Later(
                    List.of(), SendOutcome.Wait.SEND_BUDGET, "spent", Duration.ofSeconds(1))));

    StepVerifier.create(d.handle(text)).expectErrorMessage("redis down").verify();
  }
}
