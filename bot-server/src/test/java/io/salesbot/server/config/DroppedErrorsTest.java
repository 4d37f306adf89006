package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

@ExtendWith(OutputCaptureExtension.class)
class DroppedErrorsTest {
  @AfterEach
  void reset() {
    Hooks.resetOnErrorDropped();
    DroppedErrors.install();
  }

  @Test
  void a_cancelled_connect_dropped_after_start_logs_no_error_and_no_stack_trace(
      CapturedOutput output) {
    DroppedErrors.install();
    Operators.onErrorDropped(
        new RedisConnectionException(
            "Unable to connect to localhost/<unresolved>:6379", new InterruptedException()),
        Context.empty());
    assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("\tat ");
  }

  @Test
  void any_other_dropped_error_is_one_warning_line_without_a_stack_trace(CapturedOutput output) {
    DroppedErrors.install();
    Operators.onErrorDropped(
        new IllegalStateException("late", new java.io.IOException("connection reset")),
        Context.empty());
    assertThat(output.getAll())
        .contains("WARN", "dropped", "IllegalStateException: late", "connection reset")
        .doesNotContain("ERROR")
        .doesNotContain("\tat ");
  }
}
