package io.salesbot.core.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.core.sms.domain.SmsTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SmsSettingsTest {
  private static SmsSettings quiet(LocalTime from, LocalTime until) {
    return new SmsSettings(
        Map.of(), 1, from, until, ZoneId.of("Asia/Shanghai"), Duration.ofMinutes(1), 1);
  }

  @Test
  void quiet_hours_over_midnight_end_in_the_morning_in_the_zone() {
    SmsSettings s = quiet(LocalTime.of(21, 0), LocalTime.of(8, 0));
    Instant noon = Instant.parse("2026-11-26T04:00:00Z"); // 12:00 Shanghai
    assertThat(s.sendableAt(noon)).isEqualTo(noon);
    assertThat(s.sendableAt(Instant.parse("2026-11-26T13:00:00Z"))) // 21:00
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(s.sendableAt(Instant.parse("2026-11-26T18:00:00Z"))) // 02:00 next day
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    Instant eight = Instant.parse("2026-11-27T00:00:00Z");
    assertThat(s.sendableAt(eight)).isEqualTo(eight);
  }

  @Test
  void quiet_hours_within_a_day_and_no_quiet_hours() {
    SmsSettings lunch = quiet(LocalTime.of(12, 0), LocalTime.of(13, 0));
    assertThat(lunch.sendableAt(Instant.parse("2026-11-26T04:30:00Z")))
        .isEqualTo(Instant.parse("2026-11-26T05:00:00Z"));
    SmsSettings none = quiet(LocalTime.of(0, 0), LocalTime.of(0, 0));
    Instant night = Instant.parse("2026-11-26T18:00:00Z");
    assertThat(none.sendableAt(night)).isEqualTo(night);
  }

  @Test
  void a_template_needs_a_code_and_known_fields() {
    assertThatThrownBy(() -> new SmsTemplate(" ", Map.of()))
        .hasMessageContaining("template code is empty");
    assertThatThrownBy(() -> new SmsTemplate("SMS_1", Map.of("code", "phone")))
        .hasMessageContaining("'phone', not one of");
    assertThatThrownBy(() -> new SmsTemplate("SMS_1", Map.of("a-b", "name")))
        .hasMessageContaining("not a template variable name");
  }

  @Test
  void opt_outs_are_normalised_and_malformed_ones_named_masked() {
    SmsOptOuts list = SmsOptOuts.of(List.of("+86 138-0013-8000"));
    StepVerifier.create(list.optedOut("13800138000")).expectNext(true).verifyComplete();
    StepVerifier.create(list.optedOut("13900139000")).expectNext(false).verifyComplete();
    assertThatThrownBy(() -> SmsOptOuts.of(List.of("23800138000")))
        .hasMessageContaining("is not a mainland mobile number");
  }
}
