package io.salesbot.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.MissingResourceException;
import org.junit.jupiter.api.Test;

class MessageBundleTest {

  @Test
  void chinese_is_the_default_and_fills_placeholders() {
    MessageBundle zh = MessageBundle.forTag("zh-CN");
    assertThat(zh.format("card.claimedByOther.title", "张三", "李四")).isEqualTo("已被 李四 领取：张三");
    assertThat(MessageBundle.forLocale(Locale.GERMAN).format("button.claim")).isEqualTo("领取");
  }

  @Test
  void english_bundle_has_exactly_the_same_keys() {
    assertThat(MessageBundle.forTag("en").keys()).isEqualTo(MessageBundle.forTag("zh-CN").keys());
    assertThat(MessageBundle.forTag("en").format("button.claim")).isEqualTo("Claim");
  }

  @Test
  void unknown_key_is_an_error_not_a_blank() {
    assertThatThrownBy(() -> MessageBundle.forTag("zh-CN").format("no.such.key"))
        .isInstanceOf(MissingResourceException.class);
  }
}
