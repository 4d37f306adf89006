package io.salesbot.core.timer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each kind of timer does when it fires: one {@link TimerHandler} per kind, registered in the
 * core assembly ({@code io.salesbot.core.Salesbot}). A kind registered twice is a programming
 * error.
 */
public final class TimerKinds {
  private final Map<String, TimerHandler> handlers = new LinkedHashMap<>();

  /** Registers the handler of timers of kind {@code kind}. */
  public TimerKinds on(String kind, TimerHandler handler) {
    if (handlers.putIfAbsent(kind, handler) != null) {
      throw new IllegalStateException("timer kind '" + kind + "' is registered twice");
    }
    return this;
  }

  public Optional<TimerHandler> handler(String kind) {
    return Optional.ofNullable(handlers.get(kind));
  }

  /** The registered kinds, in registration order. */
  public Set<String> kinds() {
    return java.util.Collections.unmodifiableSet(handlers.keySet());
  }
}
