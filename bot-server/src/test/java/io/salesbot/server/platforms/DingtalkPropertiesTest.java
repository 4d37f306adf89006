package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.dingtalk.DingtalkSettings;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DingtalkPropertiesTest {
  static Map<String, String> valid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("enabled", "true");
    p.put("client-id", "dingsnotzck6pm5veliw");
    p.put("client-secret", "s3cret");
    p.put("corp-id", "dingc0ffee0123456789");
    p.put("card-templates.default", "tpl.schema");
    return p;
  }

  static DingtalkProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.dingtalk", DingtalkProperties.class, values);
  }

  private static void failsNaming(Map<String, String> p, String property) {
    assertThatThrownBy(bind(p)::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property));
  }

  @Test
  void valid_properties_become_stream_mode_settings_with_the_default_api() {
    DingtalkSettings s = bind(valid()).toSettings();
    assertThat(s.mode()).isEqualTo(DingtalkSettings.Mode.STREAM);
    assertThat(s.apiBaseUrl()).isEqualTo("https://api.dingtalk.com");
    assertThat(s.robotCode()).isEqualTo("dingsnotzck6pm5veliw");
    assertThat(s.templateFor(CardType.POOL)).isEqualTo("tpl.schema");
  }

  @Test
  void monthly_quotas_default_to_the_standard_edition_and_a_negative_one_is_refused_by_name() {
    DingtalkProperties defaults = bind(valid());
    assertThat(defaults.checkedMonthlyLimit("api")).isEqualTo(5000);
    assertThat(defaults.checkedMonthlyLimit("push")).isEqualTo(3000);

    Map<String, String> p = valid();
    p.put("monthly-api-calls", "0");
    p.put("monthly-pushes", "50000");
    assertThat(bind(p).checkedMonthlyLimit("api")).isZero();
    assertThat(bind(p).checkedMonthlyLimit("push")).isEqualTo(50000);

    p.put("monthly-api-calls", "-1");
    failsNaming(p, "salesbot.dingtalk.monthly-api-calls");
    p.put("monthly-api-calls", "5000");
    p.put("monthly-pushes", "-5");
    failsNaming(p, "salesbot.dingtalk.monthly-pushes");
  }

  @Test
  void card_templates_per_type_override_the_default() {
    Map<String, String> p = valid();
    p.put("card-templates.lead-offer", "offer.schema");
    assertThat(bind(p).toSettings().templateFor(CardType.LEAD_OFFER)).isEqualTo("offer.schema");
    p.put("card-templates.no-such-card", "x");
    failsNaming(p, "salesbot.dingtalk.card-templates.no-such-card");
  }

  @Test
  void http_mode_needs_token_and_a_43_character_aes_key() {
    Map<String, String> p = valid();
    p.put("mode", "http");
    failsNaming(p, "salesbot.dingtalk.token");
    p.put("token", "123456");
    p.put("aes-key", "short");
    failsNaming(p, "salesbot.dingtalk.aes-key");
    p.put("aes-key", "1234567890123456789012345678901234567890123");
    failsNaming(p, "salesbot.dingtalk.public-base-url");
    p.put("public-base-url", "http://salesbot.example.com");
    failsNaming(p, "salesbot.dingtalk.public-base-url");
    p.put("public-base-url", "https://salesbot.example.com/");
    failsNaming(p, "salesbot.dingtalk.card-callback-route-key");
    p.put("card-callback-route-key", "sales bot");
    failsNaming(p, "salesbot.dingtalk.card-callback-route-key");
    p.put("card-callback-route-key", "salesbot-prod");
    failsNaming(p, "salesbot.dingtalk.card-callback-secret");
    p.put("card-callback-secret", "short");
    failsNaming(p, "salesbot.dingtalk.card-callback-secret");
    p.put("card-callback-secret", "0123456789abcdef0123");
    DingtalkSettings s = bind(p).toSettings();
    assertThat(s.mode()).isEqualTo(DingtalkSettings.Mode.HTTP);
    assertThat(s.cardCallback().callbackUrl())
        .isEqualTo("https://salesbot.example.com/callbacks/dingtalk/card");
    assertThat(s.cardCallback().routeKey()).isEqualTo("salesbot-prod");
    assertThat(s.toString()).doesNotContain("0123456789abcdef0123");
  }

  @Test
  void charts_go_to_the_public_base_url_in_either_mode_and_only_to_an_https_one() {
    Map<String, String> p = valid();
    assertThat(bind(p).chartBaseUrl()).isNull();
    p.put("public-base-url", "https://salesbot.example.com/bot/");
    assertThat(bind(p).chartBaseUrl()).isEqualTo("https://salesbot.example.com/bot");
    p.put("public-base-url", "http://salesbot.example.com");
    failsNaming(p, "salesbot.dingtalk.public-base-url");
  }

  @Test
  void stream_mode_needs_no_card_callback() {
    assertThat(bind(valid()).toSettings().cardCallback()).isNull();
  }

  @Test
  void missing_or_malformed_values_name_the_property() {
    Map<String, String> p = valid();
    p.put("mode", "websocket");
    failsNaming(p, "salesbot.dingtalk.mode");
    p = valid();
    p.put("client-secret", " ");
    failsNaming(p, "salesbot.dingtalk.client-secret");
    p = valid();
    p.remove("card-templates.default");
    failsNaming(p, "salesbot.dingtalk.card-templates.default");
    p = valid();
    p.put("api-base-url", "ftp://x");
    failsNaming(p, "salesbot.dingtalk.api-base-url");
  }
}
