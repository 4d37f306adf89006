package io.salesbot.server.platforms;

import io.salesbot.adapter.dingtalk.DingtalkCardCallbackStatus;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * HTTP mode's card-callback registration in {@code /actuator/health} (component {@code
 * dingtalkCardCallback}): UP once DingTalk took the URL for the route key, UNKNOWN while the first
 * attempt runs, DOWN while attempts fail (they go on with back-off; the details say why). In Stream
 * mode clicks come over the Stream connection and the component is UP with {@code mode: stream}.
 * Not part of readiness: the rest of salesbot works without card clicks.
 */
final class DingtalkCardCallbackHealth implements HealthIndicator {
  private final Supplier<DingtalkCardCallbackStatus> status;
  private final boolean httpMode;

  DingtalkCardCallbackHealth(Supplier<DingtalkCardCallbackStatus> status, boolean httpMode) {
    this.status = status;
    this.httpMode = httpMode;
  }

  @Override
  public Health health() {
    if (!httpMode) {
      return Health.up().withDetail("mode", "stream").build();
    }
    DingtalkCardCallbackStatus s = status.get();
    Status st =
        switch (s.state()) {
          case REGISTERED -> Status.UP;
          case PENDING -> Status.UNKNOWN;
          case RETRYING -> Status.DOWN;
          case OFF -> Status.OUT_OF_SERVICE;
        };
    Health.Builder h =
        Health.status(st)
            .withDetail("mode", "http")
            .withDetail("state", s.state().name().toLowerCase(Locale.ROOT))
            .withDetail("attempts", s.attempts());
    if (s.routeKey() != null) {
      h.withDetail("routeKey", s.routeKey());
    }
    if (s.callbackUrl() != null) {
      h.withDetail("callbackUrl", s.callbackUrl());
    }
    if (s.registeredAt() != null) {
      h.withDetail("registeredAt", s.registeredAt().toString());
    }
    if (s.lastError() != null) {
      h.withDetail("lastError", s.lastError());
    }
    return h.build();
  }
}
