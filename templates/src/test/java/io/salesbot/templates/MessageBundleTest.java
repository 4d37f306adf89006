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
  void report_periods_and_units_are_worded_by_the_bundle_chinese_as_before() {
    MessageBundle zh = MessageBundle.forTag("zh-CN");
    assertThat(zh.format("report.period.lastDays", "30")).isEqualTo("近30天");
    assertThat(zh.format("report.period.daysBefore", "7")).isEqualTo("前7天");
    assertThat(zh.format("report.period.month", "2026", "03")).isEqualTo("2026-03");
    assertThat(zh.format("report.value.percent", "100.0")).isEqualTo("100.0%");
    assertThat(zh.format("report.value.days", "1.5")).isEqualTo("1.5天");
    assertThat(zh.format("report.value.minutes", "3.0")).isEqualTo("3.0分钟");

    MessageBundle en = MessageBundle.forTag("en");
    assertThat(en.format("report.period.lastDays", "30")).isEqualTo("last 30 days");
    assertThat(en.format("report.period.daysBefore", "7")).isEqualTo("7 days before");
    assertThat(en.format("report.value.days", "1.5")).isEqualTo("1.5 d");
    assertThat(en.format("report.value.minutes", "3.0")).isEqualTo("3.0 min");
    assertThat(en.format("report.kpi.title", "East", "last 7 days"))
        .isEqualTo("Process KPIs · East · last 7 days");
  }

  @Test
  void unknown_key_is_an_error_not_a_blank() {
    assertThatThrownBy(() -> MessageBundle.forTag("zh-CN").format("no.such.key"))
        .isInstanceOf(MissingResourceException.class);
  }
}
