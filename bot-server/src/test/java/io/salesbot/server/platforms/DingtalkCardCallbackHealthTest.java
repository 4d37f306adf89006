package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.dingtalk.DingtalkCardCallbackStatus;
import io.salesbot.adapter.dingtalk.DingtalkCardCallbackStatus.State;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The HTTP-mode card-callback registration as {@code /actuator/health} shows it. */
class DingtalkCardCallbackHealthTest {
  private static final String URL = "https://bot.example.com/callbacks/dingtalk/card";
  private final AtomicReference<DingtalkCardCallbackStatus> status =
      new AtomicReference<>(new DingtalkCardCallbackStatus(State.OFF, null, null, 0, null, null));
  private final DingtalkCardCallbackHealth health =
      new DingtalkCardCallbackHealth(status::get, true);

  @Test
  void registered_is_up_with_the_route_key_url_and_time() {
    Instant at = Instant.parse("2026-12-02T01:00:00Z");
    status.set(new DingtalkCardCallbackStatus(State.REGISTERED, "salesbot", URL, 2, null, at));

    Health h = health.health();

    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails())
        .containsEntry("mode", "http")
        .containsEntry("state", "registered")
        .containsEntry("routeKey", "salesbot")
        .containsEntry("callbackUrl", URL)
        .containsEntry("attempts", 2)
        .containsEntry("registeredAt", "2026-12-02T01:00:00Z")
        .doesNotContainKey("lastError");
  }

  @Test
  void failing_attempts_are_down_and_say_why() {
    status.set(
        new DingtalkCardCallbackStatus(
            State.RETRYING, "salesbot", URL, 3, "403 Forbidden.AccessDenied", null));

    Health h = health.health();

    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails())
        .containsEntry("state", "retrying")
        .containsEntry("attempts", 3)
        .containsEntry("lastError", "403 Forbidden.AccessDenied")
        .doesNotContainKey("registeredAt");
  }

  @Test
  void the_first_attempt_is_unknown_and_not_started_is_out_of_service() {
    status.set(new DingtalkCardCallbackStatus(State.PENDING, "salesbot", URL, 0, null, null));
    assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);

    status.set(new DingtalkCardCallbackStatus(State.OFF, null, null, 0, null, null));
    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
  }

  @Test
  void stream_mode_is_up_whatever_the_registration_says() {
    DingtalkCardCallbackHealth stream = new DingtalkCardCallbackHealth(status::get, false);

    assertThat(stream.health().getStatus()).isEqualTo(Status.UP);
    assertThat(stream.health().getDetails()).containsEntry("mode", "stream").hasSize(1);
  }
}
