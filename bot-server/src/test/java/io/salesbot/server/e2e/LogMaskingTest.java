package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Mainland mobile numbers never reach the logs in full (logback-spring.xml masks them). */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest extends EndToEndSupport {

  @Test
  void masks_mobile_numbers_in_messages_and_stack_traces(CapturedOutput output) {
    LoggerFactory.getLogger("io.salesbot.test")
        .warn(
            "lead from 13812345678 failed", new IllegalStateException("cannot reach 15900001111"));
    assertThat(output.getOut())
        .contains("lead from 138****5678 failed")
        .contains("159****1111")
        .doesNotContain("13812345678")
        .doesNotContain("15900001111");
  }
}
