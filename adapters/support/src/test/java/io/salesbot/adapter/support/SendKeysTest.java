package io.salesbot.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SendKeysTest {
  @Test
  void the_same_call_gets_the_same_key_every_time() {
    String first = SendKeys.of("send", "cmd-1", 1, List.of("ZhangSan", "LiSi"));

    assertThat(SendKeys.of("send", "cmd-1", 1, List.of("ZhangSan", "LiSi"))).isEqualTo(first);
    assertThat(first).hasSize(SendKeys.LENGTH).matches("[0-9a-f]+");
  }

  @Test
  void the_order_of_the_recipients_does_not_matter() {
    assertThat(SendKeys.of("send", "cmd-1", 1, List.of("LiSi", "ZhangSan", "WangWu")))
        .isEqualTo(SendKeys.of("send", "cmd-1", 1, List.of("WangWu", "ZhangSan", "LiSi")));
  }

  @Test
  void another_version_recipient_set_command_or_purpose_is_another_key() {
    String key = SendKeys.of("send", "cmd-1", 1, List.of("ZhangSan", "LiSi"));

    assertThat(
            List.of(
                SendKeys.of("send", "cmd-1", 2, List.of("ZhangSan", "LiSi")),
                SendKeys.of("send", "cmd-1", 1, List.of("ZhangSan")),
                SendKeys.of("send", "cmd-1", 1, List.of("ZhangSan", "LiSi", "WangWu")),
                SendKeys.of("send", "cmd-2", 1, List.of("ZhangSan", "LiSi")),
                SendKeys.of("update", "cmd-1", 1, List.of("ZhangSan", "LiSi"))))
        .doesNotContain(key)
        .doesNotHaveDuplicates();
  }

  @Test
  void recipients_do_not_run_into_each_other() {
    assertThat(SendKeys.of("send", "cmd-1", 1, List.of("ab", "c")))
        .isNotEqualTo(SendKeys.of("send", "cmd-1", 1, List.of("a", "bc")));
  }
}
