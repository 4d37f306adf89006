package io.salesbot.core.kernel;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the work handed to it one piece at a time, in the order it came, without blocking a thread:
 * for work that is not urgent and would otherwise take every core at once (the managers' daily
 * digests, all due at the same minute), so that lead intake keeps its share of the machine. Work
 * cancelled while it waits is skipped; work that fails or is cancelled while it runs lets the next
 * one start.
 *
 * <p>With a rest ratio, the machine also gets a breather between pieces: after a piece that took
 * {@code t}, the next waiting one starts {@code t × ratio} later (nothing waits when nothing is
 * queued), so background work holds the machine at most {@code 1 / (1 + ratio)} of the time.
 */
public final class OneAtATime {
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final double restRatio;
  private final Scheduler scheduler;

  /** No rest between pieces. */
  public OneAtATime() {
    this(0, Schedulers.parallel());
  }

  /**
   * @param restRatio the rest after each piece as a share of the time it took (0: none)
   * @param scheduler measures the pieces and waits out the rests
   */
  public OneAtATime(double restRatio, Scheduler scheduler) {
    if (!(restRatio >= 0)) {
      throw new IllegalArgumentException("restRatio must be 0 or more, got " + restRatio);
    }
    this.restRatio = restRatio;
    this.scheduler = scheduler;
  }

  /** {@code work}, started when everything handed in before it has finished. */
  public <T> Mono<T> run(Mono<T> work) {
    return Mono.create(
        sink -> {
          AtomicBoolean cancelled = new AtomicBoolean();
          AtomicReference<Disposable> running = new AtomicReference<>();
          AtomicBoolean released = new AtomicBoolean();
          long[] startedAt = {-1};
          Runnable release =
              () -> {
                if (released.compareAndSet(false, true)) {
                  next(startedAt[0] < 0 ? 0 : now() - startedAt[0]);
                }
              };
          sink.onCancel(
              () -> {
                cancelled.set(true);
                Disposable d = running.get();
                if (d != null) {
                  d.dispose();
                }
              });
          waiting.add(
              () -> {
                if (cancelled.get()) {
                  release.run();
                  return;
                }
                startedAt[0] = now();
                running.set(
                    work.doFinally(s -> release.run())
                        .subscribe(sink::success, sink::error, () -> sink.success()));
                if (cancelled.get()) {
                  running.get().dispose();
                }
              });
          if (pending.getAndIncrement() == 0) {
            startNext();
          }
        });
  }

  private void next(long tookNanos) {
    if (pending.decrementAndGet() > 0) {
      long rest = (long) (tookNanos * restRatio);
      if (rest <= 0) {
        startNext();
      } else {
        Mono.delay(Duration.ofNanos(rest), scheduler).subscribe(t -> startNext());
      }
    }
  }

  private long now() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  private void startNext() {
    Runnable r = waiting.poll();
    if (r != null) {
      r.run();
    }
  }
}
