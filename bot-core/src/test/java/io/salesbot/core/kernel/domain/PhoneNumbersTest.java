package io.salesbot.core.kernel.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "13800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "0086 13800138000",
        "8613800138000",
        "(138)0013-8000"
      })
  void normalises_what_people_type(String raw) {
    assertThat(PhoneNumbers.normalise(raw)).contains("13800138000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12800138000",
        "1380013800",
        "138001380001",
        "021-12345678",
        "abc",
        "+1 415 555 0100",
        ""
      })
  void rejects_what_is_not_a_mainland_mobile(String raw) {
    assertThat(PhoneNumbers.normalise(raw)).isEmpty();
  }

  @Test
  void masks_for_logs() {
    assertThat(PhoneNumbers.mask("13812345678")).isEqualTo("138****5678");
    assertThat(PhoneNumbers.maskAll("lead phone=13812345678, other 15900001111."))
        .isEqualTo("lead phone=138****5678, other 159****1111.");
    assertThat(PhoneNumbers.maskAll("order 9913812345678")).isEqualTo("order 9913812345678");
  }
}
