package io.salesbot.core.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.routing.domain.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private static final QuietHours NIGHT = QuietHours.NIGHT;
  private static final QuietHours PAUSED =
      new QuietHours(ZoneId.of("Asia/Shanghai"), LocalTime.of(22, 0), LocalTime.of(8, 0), true);

  @Test
  void the_night_window_spans_midnight_in_shanghai() {
    assertThat(NIGHT.isQuiet(Instant.parse("2026-11-26T13:59:59Z"))).isFalse(); // 21:59:59
    assertThat(NIGHT.isQuiet(Instant.parse("2026-11-26T14:00:00Z"))).isTrue(); // 22:00
    assertThat(NIGHT.isQuiet(Instant.parse("2026-11-26T19:00:00Z"))).isTrue(); // 03:00
    assertThat(NIGHT.isQuiet(Instant.parse("2026-11-27T00:00:00Z"))).isFalse(); // 08:00
    assertThat(NIGHT.endOf(Instant.parse("2026-11-26T14:30:00Z")))
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(NIGHT.endOf(Instant.parse("2026-11-26T19:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(QuietHours.NONE.isQuiet(Instant.parse("2026-11-26T19:00:00Z"))).isFalse();
  }

  @Test
  void paused_clocks_do_not_count_quiet_time() {
    Instant at = Instant.parse("2026-11-26T13:50:00Z"); // 21:50
    assertThat(NIGHT.due(at, Duration.ofMinutes(15))).isEqualTo(at.plusSeconds(900));
    assertThat(PAUSED.due(at, Duration.ofMinutes(15)))
        .isEqualTo(Instant.parse("2026-11-27T00:05:00Z"));
    // Started inside the window: counts from its end.
    assertThat(PAUSED.due(Instant.parse("2026-11-26T18:00:00Z"), Duration.ofMinutes(15)))
        .isEqualTo(Instant.parse("2026-11-27T00:15:00Z"));
    // Longer than a day's open time: skips two nights.
    assertThat(PAUSED.due(Instant.parse("2026-11-26T00:00:00Z"), Duration.ofHours(20)))
        .isEqualTo(Instant.parse("2026-11-27T06:00:00Z"));
  }
}
