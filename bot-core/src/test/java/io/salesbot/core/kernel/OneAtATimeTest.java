package io.salesbot.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

class OneAtATimeTest {
  private final OneAtATime gate = new OneAtATime();
  private final List<String> started = new ArrayList<>();

  private Mono<String> work(String name, Sinks.One<String> finish) {
    return Mono.defer(
        () -> {
          started.add(name);
          return finish.asMono();
        });
  }

  @Test
  void the_second_starts_only_when_the_first_has_finished() {
    Sinks.One<String> first = Sinks.one();
    Sinks.One<String> second = Sinks.one();
    List<String> results = new ArrayList<>();
    gate.run(work("a", first)).subscribe(results::add);
    gate.run(work("b", second)).subscribe(results::add);
    assertThat(started).containsExactly("a");

    first.tryEmitValue("A");
    assertThat(started).containsExactly("a", "b");
    second.tryEmitValue("B");
    assertThat(results).containsExactly("A", "B");
  }

  @Test
  void a_failure_or_a_cancelled_wait_lets_the_next_one_run() {
    Sinks.One<String> first = Sinks.one();
    Sinks.One<String> third = Sinks.one();
    List<Throwable> errors = new ArrayList<>();
    gate.run(work("a", first)).subscribe(v -> {}, errors::add);
    Disposable waitingOne = gate.run(work("b", Sinks.one())).subscribe();
    List<String> results = new ArrayList<>();
    gate.run(work("c", third)).subscribe(results::add);

    waitingOne.dispose(); // cancelled while it waits: skipped
    first.tryEmitError(new IllegalStateException("boom"));
    assertThat(errors).hasSize(1);
    assertThat(started).containsExactly("a", "c");
    third.tryEmitValue("C");
    assertThat(results).containsExactly("C");

    // and the gate is free again
    Sinks.One<String> fourth = Sinks.one();
    gate.run(work("d", fourth)).subscribe();
    assertThat(started).containsExactly("a", "c", "d");
  }

  @Test
  void with_a_rest_ratio_the_next_waits_as_long_as_the_last_took_times_the_ratio() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    OneAtATime resting = new OneAtATime(0.5, time);
    Sinks.One<String> first = Sinks.one();
    Sinks.One<String> second = Sinks.one();
    resting.run(work("a", first)).subscribe();
    resting.run(work("b", second)).subscribe();

    time.advanceTimeBy(Duration.ofMillis(200)); // "a" takes 200 ms
    first.tryEmitValue("A");
    assertThat(started).containsExactly("a"); // resting: 100 ms
    time.advanceTimeBy(Duration.ofMillis(99));
    assertThat(started).containsExactly("a");
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(started).containsExactly("a", "b");

    // nothing queued: the next starts at once, rest or not
    second.tryEmitValue("B");
    resting.run(work("c", Sinks.one())).subscribe();
    assertThat(started).containsExactly("a", "b", "c");
  }

  @Test
  void a_negative_rest_ratio_is_refused() {
    assertThatThrownBy(() -> new OneAtATime(-1, VirtualTimeScheduler.create()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restRatio");
  }
}
