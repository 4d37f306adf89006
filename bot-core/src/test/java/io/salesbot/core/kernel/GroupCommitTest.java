package io.salesbot.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class GroupCommitTest {
  /** A store whose batches answer when the test says so, recording what each batch held. */
  private static final class HeldStore {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final List<String> alone = new CopyOnWriteArrayList<>();
    final List<Sinks.One<List<String>>> answers = new CopyOnWriteArrayList<>();

    Mono<List<String>> all(List<String> items) {
      batches.add(items);
      Sinks.One<List<String>> answer = Sinks.one();
      answers.add(answer);
      return answer.asMono();
    }

    Mono<String> one(String item) {
      alone.add(item);
      return Mono.just(item + " alone");
    }

    static Function<List<String>, List<String>> stored() {
      return items -> items.stream().map(i -> i + " stored").toList();
    }
  }

  @Test
  void the_calls_that_arrive_while_a_batch_is_under_way_go_together_in_the_next() {
    HeldStore store = new HeldStore();
    GroupCommit<String, String> group = new GroupCommit<>("items", 10, store::all, store::one);
    List<String> answered = new CopyOnWriteArrayList<>();

    for (String item : List.of("a", "b", "c", "d")) {
      group.submit(item).subscribe(answered::add);
    }
    assertThat(store.batches).containsExactly(List.of("a"));

    store.answers.get(0).tryEmitValue(HeldStore.stored().apply(List.of("a")));
    assertThat(store.batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
    store.answers.get(1).tryEmitValue(HeldStore.stored().apply(List.of("b", "c", "d")));

    assertThat(answered).containsExactly("a stored", "b stored", "c stored", "d stored");
    assertThat(store.alone).isEmpty();
  }

  @Test
  void a_failed_batch_is_done_one_by_one_by_default() {
    HeldStore store = new HeldStore();
    GroupCommit<String, String> group = new GroupCommit<>("items", 10, store::all, store::one);
    List<String> answered = new CopyOnWriteArrayList<>();
    group.submit("a").subscribe(answered::add);
    group.submit("b").subscribe(answered::add);
    group.submit("c").subscribe(answered::add);
    store.answers.get(0).tryEmitValue(List.of("a stored"));

    store.answers.get(1).tryEmitError(new IllegalStateException("one bad item"));

    assertThat(store.alone).containsExactly("b", "c");
    assertThat(answered).containsExactly("a stored", "b alone", "c alone");
  }

  @Test
  void a_failure_no_item_caused_fails_every_call_of_the_batch_without_trying_each_alone() {
    HeldStore store = new HeldStore();
    GroupCommit<String, String> group =
        new GroupCommit<>(
            "items", 10, store::all, store::one, failure -> !(failure instanceof Outage));
    List<Mono<String>> calls = new ArrayList<>();
    for (String item : List.of("a", "b", "c")) {
      calls.add(group.submit(item).cache());
    }
    calls.forEach(c -> c.subscribe(v -> {}, e -> {}));
    store.answers.get(0).tryEmitValue(List.of("a stored"));

    store.answers.get(1).tryEmitError(new Outage());

    StepVerifier.create(calls.get(0)).expectNext("a stored").verifyComplete();
    StepVerifier.create(calls.get(1)).verifyError(Outage.class);
    StepVerifier.create(calls.get(2)).verifyError(Outage.class);
    assertThat(store.alone).isEmpty();

    // The next call starts a batch of its own: the failure left nothing under way.
    group.submit("d").subscribe();
    assertThat(store.batches).last().isEqualTo(List.of("d"));
  }

  @Test
  void an_incomplete_answer_is_done_one_by_one_even_when_failures_are_not_worth_it() {
    HeldStore store = new HeldStore();
    GroupCommit<String, String> group =
        new GroupCommit<>("items", 10, store::all, store::one, failure -> false);

    List<String> answered = new CopyOnWriteArrayList<>();
    group.submit("a").subscribe(answered::add);
    group.submit("b").subscribe(answered::add);

    store.answers.get(0).tryEmitValue(List.of());

    assertThat(store.alone).containsExactly("a");
    store.answers.get(1).tryEmitValue(List.of("b stored"));
    assertThat(answered).containsExactly("a alone", "b stored");
  }

  private static final class Outage extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
