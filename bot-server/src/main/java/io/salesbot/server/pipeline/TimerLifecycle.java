package io.salesbot.server.pipeline;

import io.salesbot.core.timer.FireTimers;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Polls PostgreSQL for due timers (SLA reminders and breaches, offer timeouts) on every instance;
 * the lease with {@code FOR UPDATE SKIP LOCKED} makes each timer fire on one instance only.
 */
public final class TimerLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(TimerLifecycle.class);
  private static final int BATCH = 500;

  private final FireTimers fireTimers;
  private final Duration interval;
  private volatile @org.jspecify.annotations.Nullable Disposable poller;

  public TimerLifecycle(FireTimers fireTimers, Duration interval) {
    this.fireTimers = fireTimers;
    this.interval = interval;
  }

  @Override
  public synchronized void start() {
    poller =
        Flux.interval(interval, interval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    fireTimers
                        .fireDue(BATCH)
                        // A full batch: more are due, go again at once.
                        .expand(n -> n >= BATCH ? fireTimers.fireDue(BATCH) : Mono.empty())
                        .onErrorResume(
                            e -> {
                              LOG.warn("Timer poll failed: {}", e.toString());
                              return Mono.empty();
                            }))
            .subscribe();
    LOG.info("Timer poller started, every {}", interval);
  }

  @Override
  public synchronized void stop() {
    Disposable p = poller;
    if (p != null) {
      p.dispose();
    }
    poller = null;
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1024;
  }
}
