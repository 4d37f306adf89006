package io.salesbot.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class DeadlinesTest {
  @Test
  void passes_a_value_or_nothing_through() {
    StepVerifier.create(Deadlines.within(Mono.just(1), Duration.ofSeconds(2)))
        .expectNext(1)
        .verifyComplete();
    StepVerifier.create(Deadlines.within(Mono.empty(), Duration.ofSeconds(2))).verifyComplete();
  }

  @Test
  void fails_with_a_timeout_exception_at_the_limit_and_not_before() {
    StepVerifier.withVirtualTime(() -> Deadlines.within(Mono.never(), Duration.ofSeconds(2)))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1999))
        .thenAwait(Duration.ofMillis(1))
        .expectError(TimeoutException.class)
        .verify();
  }

  @Test
  void does_not_ask_the_chain_its_name_on_subscribing_as_timeout_duration_does() {
    NamedSource plain = new NamedSource();
    plain.timeout(Duration.ofSeconds(2)).block();
    assertThat(plain.asked)
        .as("Mono.timeout(Duration) walks the chain for a name")
        .hasPositiveValue();

    NamedSource ours = new NamedSource();
    Deadlines.within(ours, Duration.ofSeconds(2)).block();
    assertThat(ours.asked).hasValue(0);
  }

  /** Answers 1 and counts how often it is asked for its name. */
  private static final class NamedSource extends Mono<Integer> implements Scannable {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public void subscribe(CoreSubscriber<? super Integer> actual) {
      Mono.just(1).subscribe(actual);
    }

    @Override
    public Object scanUnsafe(Attr key) {
      if (key == Attr.NAME) {
        asked.incrementAndGet();
      }
      return null;
    }
  }
}
