package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.wecom.WecomSettings;
import io.salesbot.server.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class WecomPropertiesTest {
  private static WecomProperties valid() {
    WecomProperties p = new WecomProperties();
    p.setEnabled(true);
    p.setCorpId("wx5823bf96d3bd56c7");
    WecomProperties.App app = new WecomProperties.App();
    app.setSecret("s3cret");
    app.setToken("QDG6eK");
    app.setAesKey("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");
    p.getApps().put("1000002", app);
    return p;
  }

  @Test
  void valid_properties_become_settings_with_the_default_api() {
    WecomSettings settings = valid().toSettings();

    assertThat(settings.apiBaseUrl()).isEqualTo("https://qyapi.weixin.qq.com");
    assertThat(settings.sender().agentId()).isEqualTo(1000002);
  }

  @Test
  void daily_sends_default_to_ten_seats_and_are_taken_over() {
    assertThat(valid().toSettings().sending().dailySends()).isEqualTo(2_000);

    WecomProperties p = valid();
    p.setDailySends(10_000);
    assertThat(p.toSettings().sending().dailySends()).isEqualTo(10_000);
  }

  @Test
  void call_timeout_and_circuit_time_default_and_are_taken_over() {
    WecomSettings.Sending defaults = valid().toSettings().sending();
    assertThat(defaults.callTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(defaults.circuitOpenFor()).isEqualTo(java.time.Duration.ofSeconds(30));

    WecomProperties p = valid();
    p.setCallTimeout(java.time.Duration.ofSeconds(2));
    p.setCircuitOpenFor(java.time.Duration.ofMinutes(2));
    assertThat(p.toSettings().sending().callTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(p.toSettings().sending().circuitOpenFor())
        .isEqualTo(java.time.Duration.ofMinutes(2));
  }

  @Test
  void call_timeout_and_circuit_time_out_of_range_name_the_property() {
    WecomProperties slow = valid();
    slow.setCallTimeout(java.time.Duration.ofMinutes(5));
    assertThatThrownBy(slow::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.call-timeout"));

    WecomProperties zero = valid();
    zero.setCircuitOpenFor(java.time.Duration.ZERO);
    assertThatThrownBy(zero::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.circuit-open-for"));
  }

  @Test
  void daily_sends_below_one_name_the_property() {
    WecomProperties p = valid();
    p.setDailySends(0);

    assertThatThrownBy(p::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.daily-sends"))
        .hasMessageContaining("seats × 200");
  }

  @Test
  void an_aes_key_that_is_not_43_characters_names_the_property() {
    WecomProperties p = valid();
    p.getApps().get("1000002").setAesKey("too-short");

    assertThatThrownBy(p::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.apps.1000002.aes-key"))
        .hasMessageContaining("43");
  }

  @Test
  void missing_values_name_the_property() {
    WecomProperties noCorp = valid();
    noCorp.setCorpId(null);
    assertThatThrownBy(noCorp::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.corp-id"));

    WecomProperties noSecret = valid();
    noSecret.getApps().get("1000002").setSecret(" ");
    assertThatThrownBy(noSecret::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.apps.1000002.secret"));

    WecomProperties badAgent = valid();
    badAgent.getApps().put("main", badAgent.getApps().remove("1000002"));
    assertThatThrownBy(badAgent::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.apps.main"));
  }
}
