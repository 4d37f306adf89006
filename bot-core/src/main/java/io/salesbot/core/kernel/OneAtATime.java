package io.salesbot.core.kernel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs the work handed to it one piece at a time, in the order it came, without blocking a thread:
 * for work that is not urgent and would otherwise take every core at once (the managers' daily
 * digests, all due at the same minute), so that lead intake keeps its share of the machine. Work
 * cancelled while it waits is skipped; work that fails or is cancelled while it runs lets the next
 * one start.
 */
public final class OneAtATime {
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  /** {@code work}, started when everything handed in before it has finished. */
  public <T> Mono<T> run(Mono<T> work) {
    return Mono.create(
        sink -> {
          AtomicBoolean cancelled = new AtomicBoolean();
          AtomicReference<Disposable> running = new AtomicReference<>();
          AtomicBoolean released = new AtomicBoolean();
          Runnable release =
              () -> {
                if (released.compareAndSet(false, true)) {
                  next();
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

  private void next() {
    if (pending.decrementAndGet() > 0) {
      startNext();
    }
  }

  private void startNext() {
    Runnable r = waiting.poll();
    if (r != null) {
      r.run();
    }
  }
}
