package io.salesbot.adapter.dingtalk;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Stream connection as the server shows it in health and metrics. The {@code app-stream-client}
 * reconnects by itself (it checks every 5 s and opens a new connection when none is active); this
 * makes that visible.
 *
 * @param state what the connection is doing
 * @param reconnects how often a lost connection came back since start-up
 * @param connectedAt when the current (or, while down, the last) connection came up; null if never
 * @param downSince since when there has been no connection (while connecting or reconnecting)
 */
public record DingtalkStreamStatus(
    State state, long reconnects, @Nullable Instant connectedAt, @Nullable Instant downSince) {

  /** The connection's state. */
  public enum State {
    /** HTTP mode, or the Stream client is not running. */
    OFF,
    /** Started, not connected yet. */
    CONNECTING,
    /** A connection is up. */
    CONNECTED,
    /** The connection was lost; the client is opening a new one. */
    RECONNECTING,
    /** The client's state cannot be read (an {@code app-stream-client} version we do not know). */
    UNKNOWN
  }

  public DingtalkStreamStatus {
    Objects.requireNonNull(state, "state");
  }

  /** Not running (HTTP mode or stopped). */
  public static final DingtalkStreamStatus OFF = new DingtalkStreamStatus(State.OFF, 0, null, null);

  /** How long it has been without a connection at {@code now}; zero when connected or off. */
  public Duration downFor(Instant now) {
    if (downSince == null || (state != State.CONNECTING && state != State.RECONNECTING)) {
      return Duration.ZERO;
    }
    Duration d = Duration.between(downSince, now);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
