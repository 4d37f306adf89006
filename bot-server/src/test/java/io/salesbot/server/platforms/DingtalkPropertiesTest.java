package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.dingtalk.DingtalkSettings;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.server.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class DingtalkPropertiesTest {
  private static DingtalkProperties valid() {
    DingtalkProperties p = new DingtalkProperties();
    p.setEnabled(true);
    p.setClientId("dingsnotzck6pm5veliw");
    p.setClientSecret("s3cret");
    p.setCorpId("dingc0ffee0123456789");
    p.getCardTemplates().put("default", "tpl.schema");
    return p;
  }

  private static void failsNaming(DingtalkProperties p, String property) {
    assertThatThrownBy(p::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.property()).isEqualTo(property));
  }

  @Test
  void valid_properties_become_stream_mode_settings_with_the_default_api() {
    DingtalkSettings s = valid().toSettings();
    assertThat(s.mode()).isEqualTo(DingtalkSettings.Mode.STREAM);
    assertThat(s.apiBaseUrl()).isEqualTo("https://api.dingtalk.com");
    assertThat(s.robotCode()).isEqualTo("dingsnotzck6pm5veliw");
    assertThat(s.templateFor(CardType.POOL)).isEqualTo("tpl.schema");
  }

  @Test
  void card_templates_per_type_override_the_default() {
    DingtalkProperties p = valid();
    p.getCardTemplates().put("lead-offer", "offer.schema");
    assertThat(p.toSettings().templateFor(CardType.LEAD_OFFER)).isEqualTo("offer.schema");
    p.getCardTemplates().put("no-such-card", "x");
    failsNaming(p, "salesbot.dingtalk.card-templates.no-such-card");
  }

  @Test
  void http_mode_needs_token_and_a_43_character_aes_key() {
    DingtalkProperties p = valid();
    p.setMode("http");
    failsNaming(p, "salesbot.dingtalk.token");
    p.setToken("123456");
    p.setAesKey("short");
    failsNaming(p, "salesbot.dingtalk.aes-key");
    p.setAesKey("1234567890123456789012345678901234567890123");
    assertThat(p.toSettings().mode()).isEqualTo(DingtalkSettings.Mode.HTTP);
  }

  @Test
  void missing_or_malformed_values_name_the_property() {
    DingtalkProperties p = valid();
    p.setMode("websocket");
    failsNaming(p, "salesbot.dingtalk.mode");
    p = valid();
    p.setClientSecret(" ");
    failsNaming(p, "salesbot.dingtalk.client-secret");
    p = valid();
    p.getCardTemplates().clear();
    failsNaming(p, "salesbot.dingtalk.card-templates.default");
    p = valid();
    p.setApiBaseUrl("ftp://x");
    failsNaming(p, "salesbot.dingtalk.api-base-url");
  }
}
