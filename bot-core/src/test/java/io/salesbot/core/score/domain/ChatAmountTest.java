package io.salesbot.core.score.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatAmountTest {
  private static String amount(String text) {
    return ChatAmount.parse(text).map(a -> a.toPlainString()).orElse("none");
  }

  @Test
  void reads_the_first_amount_marked_as_money() {
    assertThat(amount("合同金额 30万")).isEqualTo("300000");
    assertThat(amount("合同金额 36.5万元，分三期")).isEqualTo("365000");
    assertThat(amount("签了 120,000元")).isEqualTo("120000");
    assertThat(amount("¥3000.5")).isEqualTo("3000.5");
    assertThat(amount("预算 30-50万")).isEqualTo("500000");
    assertThat(amount("8k")).isEqualTo("8000");
    assertThat(amount("1.2亿")).isEqualTo("120000000");
    assertThat(amount("12月30日 首笔回款 10万")).isEqualTo("100000");
  }

  @Test
  void numbers_not_marked_as_money_are_no_amount() {
    assertThat(amount("3 个人参加，2 小时")).isEqualTo("none");
    assertThat(amount("合同已签")).isEqualTo("none");
    assertThat(amount("0元")).isEqualTo("none");
  }
}
