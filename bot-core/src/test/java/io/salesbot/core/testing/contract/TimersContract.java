package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The behaviour of {@link Timers} that the timer engine relies on. */
public abstract class TimersContract {
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** An empty store; called once per test. */
  protected abstract Timers timers();

  private Timers timers;

  private synchronized Timers store() {
    if (timers == null) {
      timers = timers();
    }
    return timers;
  }

  private static Timer timer(String id, long dueInSeconds, String data) {
    return new Timer(id, "sla-breach", "lead-" + id, T0.plusSeconds(dueInSeconds), data);
  }

  private List<Timer> claim(long atSeconds, int limit) {
    return store().claimDue(T0.plusSeconds(atSeconds), limit, LEASE).collectList().block();
  }

  @Test
  public void a_timer_id_is_stored_once_and_the_first_wins() {
    Timer first = timer("t1", 0, "first");
    store().schedule(first).block();
    store().schedule(timer("t1", 5, "second")).block();

    assertThat(claim(10, 10)).containsExactly(first);
  }

  @Test
  public void claim_due_leases_due_timers_oldest_first_up_to_the_limit() {
    Timer late = timer("late", 8, "l");
    Timer early = timer("early", 2, "e");
    Timer middle = timer("middle", 5, "m");
    Timer future = timer("future", 60, "f");
    for (Timer t : List.of(late, early, future, middle)) {
      store().schedule(t).block();
    }

    assertThat(claim(10, 2)).containsExactly(early, middle);
    assertThat(claim(10, 10)).containsExactly(late);
    // Leased: nobody gets them again while the lease runs.
    assertThat(claim(10 + LEASE.toSeconds() - 1, 10)).isEmpty();
  }

  @Test
  public void an_expired_lease_makes_a_timer_due_again_until_it_is_done() {
    Timer t = timer("t1", 0, "d");
    store().schedule(t).block();
    assertThat(claim(1, 10)).containsExactly(t);

    // The worker died: after the lease the timer is handed out again.
    assertThat(claim(1 + LEASE.toSeconds(), 10)).containsExactly(t);
    store().done("t1").block();
    assertThat(claim(1000, 10)).isEmpty();
    // Done twice is harmless.
    store().done("t1").block();
  }

  @Test
  public void concurrent_callers_never_get_the_same_timer() {
    for (int i = 0; i < 40; i++) {
      store().schedule(timer("t" + i, i % 7, "d")).block();
    }
    List<Timer> all =
        Flux.range(0, 8)
            .parallel(8)
            .runOn(Schedulers.boundedElastic())
            .flatMap(n -> store().claimDue(T0.plusSeconds(10), 7, LEASE))
            .sequential()
            .collectList()
            .block();

    assertThat(all).hasSize(40);
    assertThat(all.stream().map(Timer::id).distinct()).hasSize(40);
  }

  @Test
  public void earliest_due_is_the_oldest_timer_not_done_leased_or_not() {
    assertThat(store().earliestDue(T0.plusSeconds(100)).blockOptional()).isEmpty();
    store().schedule(timer("later", 30, "d")).block();
    store().schedule(timer("first", 10, "d")).block();
    store().schedule(timer("future", 500, "d")).block();
    assertThat(store().earliestDue(T0).blockOptional()).isEmpty();

    // Leased but not done: still due (the poller may have died with it).
    assertThat(claim(20, 1)).extracting(Timer::id).containsExactly("first");
    assertThat(store().earliestDue(T0.plusSeconds(40)).block()).isEqualTo(T0.plusSeconds(10));

    store().done("first").block();
    assertThat(store().earliestDue(T0.plusSeconds(40)).block()).isEqualTo(T0.plusSeconds(30));
    store().done("later").block();
    assertThat(store().earliestDue(T0.plusSeconds(40)).blockOptional()).isEmpty();
  }

  @Test
  public void schedule_all_stores_each_id_once_and_the_first_wins_also_within_the_list() {
    store().schedule(timer("before", 1, "stored before")).block();
    Timer a = timer("a", 3, "a");
    Timer b = timer("b", 2, "b");
    List<Timer> batch =
        List.of(
            a, timer("before", 0, "ignored"), b, timer("a", 0, "a again"), timer("later", 20, "x"));

    store().scheduleAll(batch).block();
    // Scheduled again (a redelivered batch): nothing twice.
    store().scheduleAll(batch).block();
    store().scheduleAll(List.of()).block();

    // (in any order: the order claimDue answers in is not what this test is about)
    assertThat(claim(10, 10)).containsExactlyInAnyOrder(timer("before", 1, "stored before"), b, a);
    assertThat(claim(10 + LEASE.toSeconds() - 1, 10))
        .extracting(Timer::id)
        .containsExactly("later");
  }
}
