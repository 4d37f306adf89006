package io.salesbot.core.testing;

import io.salesbot.core.timer.Timers;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Timers} in memory, with leases like the PostgreSQL adapter. */
public final class InMemoryTimers implements Timers {
  private final Map<String, Timer> timers = new LinkedHashMap<>();
  private final Map<String, Instant> leasedUntil = new HashMap<>();

  @Override
  public synchronized Mono<Void> schedule(Timer timer) {
    timers.putIfAbsent(timer.id(), timer);
    return Mono.empty();
  }

  @Override
  public synchronized Flux<Timer> claimDue(Instant now, int limit, Duration lease) {
    List<Timer> due = new ArrayList<>();
    for (Timer t : timers.values().stream().sorted(Comparator.comparing(Timer::dueAt)).toList()) {
      Instant held = leasedUntil.get(t.id());
      if (!t.dueAt().isAfter(now) && (held == null || !held.isAfter(now)) && due.size() < limit) {
        leasedUntil.put(t.id(), now.plus(lease));
        due.add(t);
      }
    }
    return Flux.fromIterable(due);
  }

  @Override
  public synchronized Mono<Void> done(String timerId) {
    timers.remove(timerId);
    leasedUntil.remove(timerId);
    return Mono.empty();
  }

  @Override
  public synchronized Mono<Instant> earliestDue(Instant now) {
    return Mono.justOrEmpty(
        timers.values().stream()
            .map(Timer::dueAt)
            .filter(due -> !due.isAfter(now))
            .min(Comparator.naturalOrder()));
  }

  public synchronized List<Timer> pending() {
    return List.copyOf(timers.values());
  }
}
