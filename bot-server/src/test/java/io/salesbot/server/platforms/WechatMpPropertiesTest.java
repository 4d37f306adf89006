package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.wechatmp.WechatMpSettings;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WechatMpPropertiesTest {
  private static Map<String, String> valid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("enabled", "true");
    p.put("public-base-url", "https://leads.example.com");
    p.put("accounts.wxb11529c136998cb6.secret", "s3cret");
    p.put("accounts.wxb11529c136998cb6.token", "pamtest");
    p.put("accounts.wxb11529c136998cb6.aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    p.put("campaigns.expo2026.source", "wechat-expo");
    p.put("campaigns.expo2026.name", "2026 上海展会");
    p.put("campaigns.expo2026.region", "华东");
    p.put("campaigns.expo2026.priority", "hot");
    p.put("forms.trial.app-id", "wxb11529c136998cb6");
    p.put("forms.trial.source", "wechat-form");
    return p;
  }

  private static WechatMpProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot.wechat-mp", WechatMpProperties.class, values);
  }

  private static String property(Map<String, String> values) {
    try {
      bind(values).toSettings();
      return null;
    } catch (InvalidConfigurationException e) {
      return e.property();
    }
  }

  @Test
  void a_complete_configuration_becomes_settings() {
    WechatMpSettings s = bind(valid()).toSettings();

    assertThat(s.accounts().get("wxb11529c136998cb6").aesKey()).hasSize(43);
    assertThat(s.campaigns().get("expo2026").priority()).isEqualTo(Priority.HOT);
    assertThat(s.forms().get("trial").fields())
        .containsExactly("name", "phone", "company", "message");
    assertThat(s.keywords()).containsExactly("咨询", "报价", "试用");
    assertThat(s.formUrl("trial")).isEqualTo("https://leads.example.com/forms/trial");
  }

  @Test
  void plain_mode_needs_no_aes_key() {
    Map<String, String> p = valid();
    p.put("accounts.wxb11529c136998cb6.aes-key", "");

    assertThat(bind(p).toSettings().accounts().get("wxb11529c136998cb6").aesKey()).isNull();
  }

  @Test
  void errors_name_the_property() {
    Map<String, String> p = valid();
    p.put("accounts.wxb11529c136998cb6.aes-key", "too-short");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.accounts.wxb11529c136998cb6.aes-key");

    p = valid();
    p.remove("accounts.wxb11529c136998cb6.token");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.accounts.wxb11529c136998cb6.token");

    p = valid();
    p.remove("public-base-url");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.public-base-url");

    p = valid();
    p.put("campaigns.expo2026.priority", "URGENT");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.campaigns.expo2026.priority");

    p = valid();
    p.put("forms.trial.app-id", "wxother");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.forms.trial.app-id");

    p = valid();
    p.put("forms.trial.fields", "name,fax");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.forms.trial.fields");

    p = valid();
    p.put("forms.trial.required", "region");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.forms.trial.required");

    p = valid();
    p.put("accounts.not-an-appid.secret", "s3cret");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.accounts.not-an-appid");

    p = valid();
    p.put("keyword-form.wxb11529c136998cb6", "nosuch");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.keyword-form.wxb11529c136998cb6");
  }

  @Test
  void accepts_no_accounts_only_with_an_error() {
    Map<String, String> p = valid();
    p.keySet().removeIf(k -> k.startsWith("accounts.") || k.startsWith("forms."));

    assertThatThrownBy(bind(p)::toSettings)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("salesbot.wechat-mp.accounts");
  }
}
