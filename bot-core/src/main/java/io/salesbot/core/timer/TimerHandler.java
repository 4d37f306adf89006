package io.salesbot.core.timer;

import io.salesbot.core.timer.domain.Timer;
import reactor.core.publisher.Mono;

/**
 * Does a timer's work. Must be idempotent and re-check state: a timer can fire again after a crash,
 * and the situation it was set for may be over (the lead was contacted, the offer accepted).
 */
@FunctionalInterface
public interface TimerHandler {
  Mono<Void> fire(Timer timer);
}
