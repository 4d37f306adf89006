package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.domain.RawLead;
import io.salesbot.core.lead.domain.SubmissionCheck;
import io.salesbot.core.lead.domain.SubmissionValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** salesbot.intake.repeat-window and each source's intent-fields, checked at start-up. */
class IntakePropertiesTest {
  private static SalesbotProperties.Intake intake(List<String> fields, Duration repeat) {
    return new SalesbotProperties.Intake(
        Map.of("expo", new SalesbotProperties.Source("expo-secret", false, false, fields)),
        Duration.ofSeconds(300),
        repeat);
  }

  @Test
  void an_unknown_intent_field_names_its_property() {
    assertThatThrownBy(
            () -> intake(List.of("phone", "budget"), Duration.ofDays(7)).checkedRepeatWindow())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.property()).isEqualTo("salesbot.intake.sources.expo.intent-fields");
              assertThat(e.getMessage()).contains("unknown field budget", "openId");
            });
  }

  @Test
  void a_negative_repeat_window_names_its_property_and_zero_turns_it_off() {
    assertThatThrownBy(() -> intake(List.of(), Duration.ofDays(-1)).checkedRepeatWindow())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.intake.repeat-window"));
    assertThat(intake(List.of(), Duration.ZERO).checkedRepeatWindow()).isZero();
  }

  @Test
  void a_lead_with_every_intent_field_is_hot() {
    SalesbotProperties.Source expo =
        new SalesbotProperties.Source("expo-secret", false, false, List.of("phone", "product"));
    RawLead both =
        new RawLead("王", "13800138000", null, null, null, "CRM", null, null, null, Map.of());
    RawLead phoneOnly =
        new RawLead("王", "13800138000", null, null, null, null, null, null, null, Map.of());
    assertThat(priority(both, expo)).isEqualTo(Priority.HOT);
    assertThat(priority(phoneOnly, expo)).isEqualTo(Priority.NORMAL);
  }

  private static Priority priority(RawLead raw, SalesbotProperties.Source source) {
    return ((SubmissionCheck.Valid)
            SubmissionValidator.check(raw, "i1", "expo", source.intent("expo")))
        .submission()
        .priority();
  }
}
