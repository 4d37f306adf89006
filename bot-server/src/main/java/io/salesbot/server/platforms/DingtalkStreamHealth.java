package io.salesbot.server.platforms;

import io.salesbot.adapter.dingtalk.DingtalkStreamStatus;
import io.salesbot.adapter.dingtalk.DingtalkStreamStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The DingTalk Stream connection in {@code /actuator/health} (component {@code dingtalkStream}).
 * The client reconnects by itself, so a short gap is normal: the connection is UP while connected
 * and while (re)connecting for at most the grace period ({@code
 * salesbot.dingtalk.stream-health-grace}); DOWN once it has been without a connection for longer;
 * OUT_OF_SERVICE while the client is not running; UNKNOWN when the client's state cannot be read.
 * In HTTP mode there is no connection and the component is always UP. The component is not part of
 * the readiness group: events are queued by whichever instance is connected, and sending does not
 * need the Stream at all.
 */
final class DingtalkStreamHealth implements HealthIndicator {
  private final Supplier<DingtalkStreamStatus> status;
  private final boolean streamMode;
  private final Duration grace;
  private final Clock clock;

  DingtalkStreamHealth(
      Supplier<DingtalkStreamStatus> status, boolean streamMode, Duration grace, Clock clock) {
    this.status = status;
    this.streamMode = streamMode;
    this.grace = grace;
    this.clock = clock;
  }

  @Override
  public Health health() {
    if (!streamMode) {
      return Health.up().withDetail("mode", "http").build();
    }
    DingtalkStreamStatus s = status.get();
    Duration down = s.downFor(clock.instant());
    Status st =
        switch (s.state()) {
          case CONNECTED -> Status.UP;
          case CONNECTING, RECONNECTING -> down.compareTo(grace) > 0 ? Status.DOWN : Status.UP;
          case OFF -> Status.OUT_OF_SERVICE;
          case UNKNOWN -> Status.UNKNOWN;
        };
    Health.Builder h =
        Health.status(st)
            .withDetail("mode", "stream")
            .withDetail("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
            .withDetail("reconnects", s.reconnects());
    if (s.connectedAt() != null) {
      h.withDetail("connectedAt", s.connectedAt().toString());
    }
    if (s.state() == State.CONNECTING || s.state() == State.RECONNECTING) {
      h.withDetail("downSince", String.valueOf(s.downSince()));
      h.withDetail("downSeconds", down.toSeconds());
      h.withDetail("graceSeconds", grace.toSeconds());
    }
    return h.build();
  }
}
