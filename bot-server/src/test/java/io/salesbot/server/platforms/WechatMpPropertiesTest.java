package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.wechatmp.WechatMpSettings;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.server.config.InvalidConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WechatMpPropertiesTest {
  private static WechatMpProperties valid() {
    WechatMpProperties p = new WechatMpProperties();
    p.setEnabled(true);
    p.setPublicBaseUrl("https://leads.example.com");
    WechatMpProperties.Account a = new WechatMpProperties.Account();
    a.setSecret("s3cret");
    a.setToken("pamtest");
    a.setAesKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    p.getAccounts().put("wxb11529c136998cb6", a);
    WechatMpProperties.Campaign c = new WechatMpProperties.Campaign();
    c.setSource("wechat-expo");
    c.setName("2026 上海展会");
    c.setRegion("华东");
    c.setPriority("hot");
    p.getCampaigns().put("expo2026", c);
    WechatMpProperties.Form f = new WechatMpProperties.Form();
    f.setAppId("wxb11529c136998cb6");
    f.setSource("wechat-form");
    p.getForms().put("trial", f);
    return p;
  }

  private static String property(WechatMpProperties p) {
    try {
      p.toSettings();
      return null;
    } catch (InvalidConfigurationException e) {
      return e.property();
    }
  }

  @Test
  void a_complete_configuration_becomes_settings() {
    WechatMpSettings s = valid().toSettings();

    assertThat(s.accounts().get("wxb11529c136998cb6").aesKey()).hasSize(43);
    assertThat(s.campaigns().get("expo2026").priority()).isEqualTo(Priority.HOT);
    assertThat(s.forms().get("trial").fields())
        .containsExactly("name", "phone", "company", "message");
    assertThat(s.keywords()).containsExactly("咨询", "报价", "试用");
    assertThat(s.formUrl("trial")).isEqualTo("https://leads.example.com/forms/trial");
  }

  @Test
  void plain_mode_needs_no_aes_key() {
    WechatMpProperties p = valid();
    p.getAccounts().get("wxb11529c136998cb6").setAesKey("");

    assertThat(p.toSettings().accounts().get("wxb11529c136998cb6").aesKey()).isNull();
  }

  @Test
  void errors_name_the_property() {
    WechatMpProperties p = valid();
    p.getAccounts().get("wxb11529c136998cb6").setAesKey("too-short");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.accounts.wxb11529c136998cb6.aes-key");

    p = valid();
    p.getAccounts().get("wxb11529c136998cb6").setToken(null);
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.accounts.wxb11529c136998cb6.token");

    p = valid();
    p.setPublicBaseUrl(null);
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.public-base-url");

    p = valid();
    p.getCampaigns().get("expo2026").setPriority("URGENT");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.campaigns.expo2026.priority");

    p = valid();
    p.getForms().get("trial").setAppId("wxother");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.forms.trial.app-id");

    p = valid();
    p.getForms().get("trial").setFields(List.of("name", "fax"));
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.forms.trial.fields");

    p = valid();
    p.getForms().get("trial").setRequired(List.of("region"));
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.forms.trial.required");

    p = valid();
    p.getAccounts().put("not-an-appid", new WechatMpProperties.Account());
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.accounts.not-an-appid");

    p = valid();
    p.getKeywordForm().put("wxb11529c136998cb6", "nosuch");
    assertThat(property(p)).isEqualTo("salesbot.wechat-mp.keyword-form.wxb11529c136998cb6");
  }

  @Test
  void accepts_no_accounts_only_with_an_error() {
    WechatMpProperties p = valid();
    p.getAccounts().clear();
    p.getForms().clear();

    assertThatThrownBy(p::toSettings)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("salesbot.wechat-mp.accounts");
  }
}
