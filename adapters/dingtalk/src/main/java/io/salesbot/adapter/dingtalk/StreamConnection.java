package io.salesbot.adapter.dingtalk;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.stream.network.api.Session;
import io.salesbot.adapter.dingtalk.DingtalkStreamStatus.State;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tracks the Stream connection from periodic observations. {@code app-stream-client} 1.3.12 has no
 * listener for connection changes (its {@code ClientConnectionListener.onDisConnection} is wired to
 * its own dispatcher), so {@link #probe} reads the client's session pool — {@code
 * netWorkService.sessionPool.sessions}, a map of {@link Session}s — by reflection and asks whether
 * one is active. Should a later client version rename those fields, the probe answers null and the
 * state becomes {@link State#UNKNOWN} rather than wrong; {@code StreamConnectionTest} pins the
 * names.
 */
final class StreamConnection {
  private final Clock clock;
  private State state = State.OFF;
  private long reconnects;
  private boolean everConnected;
  private @Nullable Instant connectedAt;
  private @Nullable Instant downSince;

  StreamConnection(Clock clock) {
    this.clock = clock;
  }

  synchronized void starting() {
    state = State.CONNECTING;
    downSince = clock.instant();
  }

  synchronized void stopped() {
    state = State.OFF;
    downSince = null;
  }

  /** One observation: connected, not connected, or null when the client cannot tell. */
  synchronized void observe(@Nullable Boolean connected) {
    if (state == State.OFF) {
      return;
    }
    if (connected == null) {
      state = State.UNKNOWN;
      return;
    }
    Instant now = clock.instant();
    if (connected) {
      if (state != State.CONNECTED) {
        if (everConnected && state != State.UNKNOWN) {
          reconnects++;
        }
        everConnected = true;
        state = State.CONNECTED;
        connectedAt = now;
        downSince = null;
      }
    } else if (state == State.CONNECTED || state == State.UNKNOWN) {
      state = everConnected ? State.RECONNECTING : State.CONNECTING;
      downSince = downSince == null ? now : downSince;
    }
  }

  synchronized DingtalkStreamStatus status() {
    return new DingtalkStreamStatus(state, reconnects, connectedAt, downSince);
  }

  /** Whether the client has an active connection; null when its state cannot be read. */
  static @Nullable Boolean probe(OpenDingTalkClient client) {
    try {
      Object service = field(client, "netWorkService");
      if (service == null) {
        return false;
      }
      Object pool = field(service, "sessionPool");
      Object sessions = pool == null ? null : field(pool, "sessions");
      if (!(sessions instanceof Map<?, ?> map)) {
        return null;
      }
      for (Object s : map.values().toArray()) {
        if (s instanceof Session session && session.isActive()) {
          return true;
        }
      }
      return false;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable Object field(Object owner, String name)
      throws ReflectiveOperationException {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }
}
