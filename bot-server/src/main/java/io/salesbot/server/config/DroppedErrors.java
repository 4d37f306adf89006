package io.salesbot.server.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * What Reactor does with an error that arrives after its subscriber has gone (a connect cancelled
 * at start-up or shutdown, a timed-out call that fails late). Reactor's default logs each at ERROR
 * with a stack trace — on a busy first start that was five Lettuce {@code RedisConnectionException
 * … InterruptedException} traces right after "Started". Here: an interrupted or cancelled connect
 * is expected and logged at DEBUG; anything else at WARN, one line, the stack trace only at DEBUG.
 */
public final class DroppedErrors {
  private static final Logger LOG = LoggerFactory.getLogger(DroppedErrors.class);

  private DroppedErrors() {}

  /** Installs the hook for the whole JVM (idempotent: Reactor keeps one per key). */
  public static void install() {
    Hooks.onErrorDropped(DroppedErrors::log);
  }

  static void log(Throwable e) {
    if (interrupted(e)) {
      LOG.debug("a cancelled operation failed after it was given up: {}", e.toString());
      return;
    }
    LOG.warn("an error arrived after its caller had given up (dropped): {}", describe(e));
    LOG.debug("dropped error", e);
  }

  /** The error, and its root cause if different, on one line. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + " (caused by " + root + ")";
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof java.util.concurrent.CancellationException) {
        return true;
      }
    }
    return false;
  }
}
