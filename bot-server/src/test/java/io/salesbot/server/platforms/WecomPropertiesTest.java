package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.wecom.WecomSettings;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WecomPropertiesTest {
  private static Map<String, String> valid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("enabled", "true");
    p.put("corp-id", "wx5823bf96d3bd56c7");
    p.put("apps.1000002.secret", "s3cret");
    p.put("apps.1000002.token", "QDG6eK");
    p.put("apps.1000002.aes-key", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");
    return p;
  }

  private static WecomProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.wecom", WecomProperties.class, values);
  }

  @Test
  void valid_properties_become_settings_with_the_default_api() {
    WecomSettings settings = bind(valid()).toSettings();

    assertThat(settings.apiBaseUrl()).isEqualTo("https://qyapi.weixin.qq.com");
    assertThat(settings.sender().agentId()).isEqualTo(1000002);
  }

  @Test
  void daily_sends_default_to_ten_seats_and_are_taken_over() {
    assertThat(bind(valid()).toSettings().sending().dailySends()).isEqualTo(2_000);

    Map<String, String> p = valid();
    p.put("daily-sends", "10000");
    assertThat(bind(p).toSettings().sending().dailySends()).isEqualTo(10_000);
  }

  @Test
  void call_timeout_and_circuit_time_default_and_are_taken_over() {
    WecomSettings.Sending defaults = bind(valid()).toSettings().sending();
    assertThat(defaults.callTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(defaults.circuitOpenFor()).isEqualTo(java.time.Duration.ofSeconds(30));

    Map<String, String> p = valid();
    p.put("call-timeout", "2s");
    p.put("circuit-open-for", "2m");
    assertThat(bind(p).toSettings().sending().callTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(bind(p).toSettings().sending().circuitOpenFor())
        .isEqualTo(java.time.Duration.ofMinutes(2));
  }

  @Test
  void call_timeout_and_circuit_time_out_of_range_name_the_property() {
    Map<String, String> slow = valid();
    slow.put("call-timeout", "5m");
    assertThatThrownBy(bind(slow)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.call-timeout"));

    Map<String, String> zero = valid();
    zero.put("circuit-open-for", "0s");
    assertThatThrownBy(bind(zero)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.circuit-open-for"));
  }

  @Test
  void daily_sends_below_one_name_the_property() {
    Map<String, String> p = valid();
    p.put("daily-sends", "0");

    assertThatThrownBy(bind(p)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.daily-sends"))
        .hasMessageContaining("seats × 200");
  }

  @Test
  void an_aes_key_that_is_not_43_characters_names_the_property() {
    Map<String, String> p = valid();
    p.put("apps.1000002.aes-key", "too-short");

    assertThatThrownBy(bind(p)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.apps.1000002.aes-key"))
        .hasMessageContaining("43");
  }

  @Test
  void missing_values_name_the_property() {
    Map<String, String> noCorp = valid();
    noCorp.remove("corp-id");
    assertThatThrownBy(bind(noCorp)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.corp-id"));

    Map<String, String> noSecret = valid();
    noSecret.put("apps.1000002.secret", " ");
    assertThatThrownBy(bind(noSecret)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.apps.1000002.secret"));

    Map<String, String> badAgent = new LinkedHashMap<>();
    valid().forEach((k, v) -> badAgent.put(k.replace("apps.1000002.", "apps.main."), v));
    assertThatThrownBy(bind(badAgent)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.apps.main"));
  }
}
