package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.timer.FireTimers;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.TimerKinds;
import io.salesbot.core.timer.domain.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Three timer engines (each its own {@link PostgresAdapter} and polling loop) compete for 300 due
 * timers on one database. Midway, the third one dies with timers in its hands (its handlers hang,
 * then its loop is disposed) and is started again. Every timer's work completes exactly once: the
 * timers the dead engine held come back when their lease ends, and none is lost.
 */
class PostgresTimerEnginesRestartTest extends DatabaseTest {
  private static final int N = 300;

  /** A clock the test moves forward, shared by every engine (the database compares with it). */
  private static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private final Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> completedBy = new ConcurrentHashMap<>();

  private TimerHandler completing(String engine) {
    return t ->
        Mono.delay(Duration.ofMillis(1))
            .then(
                Mono.fromRunnable(
                    () -> {
                      completed.computeIfAbsent(t.id(), k -> new AtomicInteger()).incrementAndGet();
                      completedBy
                          .computeIfAbsent(engine, k -> new AtomicInteger())
                          .incrementAndGet();
                    }));
  }

  private static Disposable start(FireTimers engine) {
    return Mono.defer(() -> engine.fireDue(10))
        .onErrorResume(e -> Mono.just(0))
        .delayElement(Duration.ofMillis(3))
        .repeat()
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  private FireTimers engine(String name, TimerHandler handler, Clock clock) {
    return new FireTimers(
        new PostgresAdapter(database.connectionFactory()).timers(),
        new TimerKinds().on("count", handler),
        clock);
  }

  @Test
  void everyTimerFiresExactlyOnceAcrossThreeEnginesAndARestart() throws InterruptedException {
    Flux.range(0, N)
        .concatMap(
            i ->
                adapter
                    .timers()
                    .schedule(new Timer("t-" + i, "count", "lead-" + i, T0.plusMillis(i), "")))
        .blockLast();
    MovableClock clock = new MovableClock();
    clock.now.set(T0.plusSeconds(60));

    // The third engine completes 20 timers, then hangs on every timer it gets, like a process that
    // froze mid-work; it is disposed once it holds some, and a fresh instance takes its place.
    AtomicInteger doomedDone = new AtomicInteger();
    Set<String> stuck = ConcurrentHashMap.newKeySet();
    TimerHandler normalC = completing("c");
    TimerHandler doomed =
        t -> {
          if (doomedDone.get() >= 20) {
            stuck.add(t.id());
            return Mono.never();
          }
          return normalC.fire(t).doOnSuccess(v -> doomedDone.incrementAndGet());
        };

    Disposable a = start(engine("a", completing("a"), clock));
    Disposable b = start(engine("b", completing("b"), clock));
    Disposable c = start(engine("c", doomed, clock));
    Disposable restarted = null;
    try {
      await("the third engine holds unfinished timers", () -> !stuck.isEmpty());
      c.dispose();
      Set<String> lostWithTheCrash = Set.copyOf(stuck);
      restarted = start(engine("c2", completing("c2"), clock));

      // Everything else is done: no timer is left unleased, and the live engines settle. What
      // remains is what the crashed engine held (its hung handlers, or rows it leased as it died).
      await(
          "every remaining timer is leased",
          () -> database.count("SELECT count(*) FROM timers WHERE leased_until IS NULL") == 0);
      Thread.sleep(500);
      long held = database.count("SELECT count(*) FROM timers");
      assertThat(held).isGreaterThanOrEqualTo(lostWithTheCrash.size());
      assertThat(completed.size() + held).isEqualTo(N);
      assertThat(completed.keySet()).doesNotContainAnyElementsOf(lostWithTheCrash);

      // Their lease ends: another engine picks them up.
      clock.now.set(clock.now.get().plus(FireTimers.LEASE).plusSeconds(1));
      await("every timer is done", () -> database.count("SELECT count(*) FROM timers") == 0);

      assertThat(lostWithTheCrash).isNotEmpty();
      assertThat(completed).hasSize(N);
      assertThat(completed.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(completed.keySet()).containsAll(lostWithTheCrash);
      assertThat(completedBy.get("a")).isNotNull();
      assertThat(completedBy.get("b")).isNotNull();
      assertThat(completedBy.get("c")).hasValue(20);
      System.out.println(
          "completed by engine: " + completedBy + "; held by the crash: " + lostWithTheCrash);
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
      if (restarted != null) {
        restarted.dispose();
      }
    }
  }
}
