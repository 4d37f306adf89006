package io.salesbot.server.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code salesbot.sms.*}: off by default, the defaults, and each wrong value named. */
class SmsPropertiesTest {
  private static final Set<String> SOURCES = Set.of("web", "fair");

  private static SmsProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.sms", SmsProperties.class, values);
  }

  private static Map<String, String> valid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("aliyun.access-key-id", "LTAI5tExample");
    p.put("aliyun.access-key-secret", "secret-secret");
    p.put("aliyun.sign-name", "销售助手");
    p.put("sources.web.template-code", "SMS_100");
    return p;
  }

  private static void fails(Map<String, String> values, String property, String message) {
    assertThatThrownBy(() -> bind(values).toSettings(SOURCES))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property))
        .hasMessageContaining(message);
  }

  @Test
  void off_unless_a_source_asks_for_welcome_sms_even_without_an_account() {
    assertThat(bind(Map.of()).toSettings(SOURCES)).isEqualTo(SmsSettings.OFF);
    assertThat(bind(Map.of("aliyun.access-key-id", "x")).toSettings(SOURCES).on()).isFalse();
  }

  @Test
  void defaults_one_a_day_quiet_from_nine_to_eight_in_shanghai_and_greets_by_name() {
    SmsSettings s = bind(valid()).toSettings(SOURCES);
    assertThat(s.on()).isTrue();
    assertThat(s.dailyLimit()).isEqualTo(1);
    assertThat(s.quietFrom()).isEqualTo(LocalTime.of(21, 0));
    assertThat(s.quietUntil()).isEqualTo(LocalTime.of(8, 0));
    assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(s.retryAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.attempts()).isEqualTo(3);
    assertThat(s.template("web").orElseThrow().params()).containsExactly(Map.entry("name", "name"));
    assertThat(bind(valid()).aliyunSettings().endpoint().toString())
        .isEqualTo("https://dysmsapi.aliyuncs.com");
  }

  @Test
  void a_missing_account_property_is_named() {
    for (String key :
        new String[] {"aliyun.access-key-id", "aliyun.access-key-secret", "aliyun.sign-name"}) {
      Map<String, String> p = valid();
      p.remove(key);
      fails(p, "salesbot.sms." + key, "is required when salesbot.sms.sources has a source");
    }
  }

  @Test
  void an_empty_template_code_an_unknown_source_or_field_is_named() {
    Map<String, String> empty = valid();
    empty.put("sources.web.template-code", " ");
    fails(empty, "salesbot.sms.sources.web.template-code", "is required");

    Map<String, String> unknown = valid();
    unknown.put("sources.webb.template-code", "SMS_1");
    fails(unknown, "salesbot.sms.sources.webb", "is not an intake source");

    Map<String, String> phone = valid();
    phone.put("sources.web.params.code", "phone");
    fails(phone, "salesbot.sms.sources.web.params", "'phone', not one of");
  }

  @Test
  void a_malformed_opt_out_number_is_named_by_its_index_and_masked() {
    Map<String, String> p = valid();
    p.put("opt-out[0]", "+86 138 0013 8000");
    p.put("opt-out[1]", "2380013800099");
    assertThatThrownBy(() -> bind(p).toSettings(SOURCES))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.sms.opt-out[1]"))
        .hasMessageContaining("is not a mainland mobile number");
  }

  @Test
  void wrong_times_zone_and_limits_are_named() {
    Map<String, String> p = valid();
    p.put("quiet-from", "9pm");
    fails(p, "salesbot.sms.quiet-from", "is not a time of day");
    p = valid();
    p.put("zone", "Beijing");
    fails(p, "salesbot.sms.zone", "is not a time zone");
    p = valid();
    p.put("daily-limit", "0");
    fails(p, "salesbot.sms.daily-limit", "at least 1");
    p = valid();
    p.put("attempts", "0");
    fails(p, "salesbot.sms.attempts", "at least 1");
    p = valid();
    p.put("retry-after", "1s");
    fails(p, "salesbot.sms.retry-after", "at least 10s");
  }

  @Test
  void the_secret_is_not_in_the_properties_string() {
    assertThat(bind(valid()).aliyun().toString()).doesNotContain("secret-secret");
    assertThat(bind(valid()).aliyunSettings().toString()).doesNotContain("secret-secret");
  }
}
