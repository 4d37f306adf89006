package io.salesbot.core.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryIntakeFallback;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class FallbackInboundQueueTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final InMemoryIntakeFallback fallback = new InMemoryIntakeFallback();
  private final InboundEvent click =
      new InboundEvent.CardAction(
          "wecom:1", new Address("wecom", "ZhangSan"), "card-1", "claim", "lead-1", Instant.EPOCH);

  @Test
  void parks_a_platform_callback_while_the_queue_is_down_and_relays_it_later() {
    FallbackInboundQueue inbound = new FallbackInboundQueue(queue, fallback);
    queue.down(true);

    StepVerifier.create(inbound.take(click))
        .expectNext(FallbackInboundQueue.Taken.PARKED)
        .verifyComplete();
    StepVerifier.create(inbound.enqueue(click)).expectNext(false).verifyComplete();
    assertThat(fallback.parked()).containsExactly(click);

    queue.down(false);
    StepVerifier.create(new RelayFallback(fallback, queue).relay(10))
        .expectNext(1)
        .verifyComplete();
    assertThat(queue.events()).containsExactly(click);
    assertThat(fallback.parked()).isEmpty();
  }

  @Test
  void a_queue_that_hangs_is_given_up_on_in_time_and_the_event_parked() {
    InboundQueue hanging = event -> Mono.never();
    FallbackInboundQueue inbound =
        new FallbackInboundQueue(hanging, fallback, Duration.ofSeconds(2), Duration.ofSeconds(2));

    StepVerifier.withVirtualTime(() -> inbound.take(click))
        .thenAwait(Duration.ofSeconds(2))
        .expectNext(FallbackInboundQueue.Taken.PARKED)
        .verifyComplete();
  }

  @Test
  void fails_within_both_time_limits_when_the_queue_is_down_and_the_database_hangs() {
    FallbackInboundQueue inbound =
        new FallbackInboundQueue(queue, fallback, Duration.ofSeconds(2), Duration.ofSeconds(2));
    queue.down(true);
    fallback.hanging(true);

    StepVerifier.withVirtualTime(() -> inbound.take(click))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1999))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IntakeUnavailableException.class)
                    .hasMessageContaining("no answer within PT2S"))
        .verify();
  }

  @Test
  void a_queue_that_keeps_a_shorter_time_limit_itself_gets_no_second_timer() {
    // It fails on its own after 1 s; the fallback queue's 2 s timer would never fire first.
    InboundQueue bounded =
        new SelfBoundedQueue(
            Duration.ofSeconds(1),
            Mono.<Boolean>never()
                .timeout(Duration.ofSeconds(1))
                .onErrorMap(e -> new IllegalStateException("queue timed out", e)));
    FallbackInboundQueue inbound =
        new FallbackInboundQueue(bounded, fallback, Duration.ofSeconds(2), Duration.ofSeconds(2));

    StepVerifier.withVirtualTime(() -> inbound.take(click))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(FallbackInboundQueue.Taken.PARKED)
        .verifyComplete();
    assertThat(fallback.parked()).containsExactly(click);
  }

  @Test
  void sets_no_timer_of_its_own_over_a_queue_that_keeps_a_shorter_limit_itself() {
    // This queue breaks its word (it hangs), which shows that no second timer runs over it.
    InboundQueue liar = new SelfBoundedQueue(Duration.ofSeconds(1), Mono.never());
    FallbackInboundQueue inbound =
        new FallbackInboundQueue(liar, fallback, Duration.ofSeconds(2), Duration.ofSeconds(2));

    StepVerifier.withVirtualTime(() -> inbound.take(click))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(10))
        .thenCancel()
        .verify();
    assertThat(fallback.parked()).isEmpty();
  }

  @Test
  void a_queue_whose_own_time_limit_is_longer_is_still_given_up_on_at_ours() {
    InboundQueue slow = new SelfBoundedQueue(Duration.ofSeconds(5), Mono.never());
    FallbackInboundQueue inbound =
        new FallbackInboundQueue(slow, fallback, Duration.ofSeconds(2), Duration.ofSeconds(2));

    StepVerifier.withVirtualTime(() -> inbound.take(click))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(FallbackInboundQueue.Taken.PARKED)
        .verifyComplete();
  }

  /** A queue answering {@code answer} and saying it fails by itself after {@code limit}. */
  private record SelfBoundedQueue(Duration limit, Mono<Boolean> answer) implements InboundQueue {
    @Override
    public Mono<Boolean> enqueue(InboundEvent event) {
      return answer;
    }

    @Override
    public java.util.Optional<Duration> answersWithin() {
      return java.util.Optional.of(limit);
    }
  }
}
