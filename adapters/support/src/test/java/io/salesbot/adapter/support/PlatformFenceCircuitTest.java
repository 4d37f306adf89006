package io.salesbot.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.DeliverOutbound;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fence tells when its circuit is open, which the ops alerts read. */
class PlatformFenceCircuitTest {
  private final PlatformFence fence =
      new PlatformFence(
          "wecom", new PlatformFence.Limits(4, Duration.ofMinutes(5), 1, Duration.ofMillis(1)));

  private void failOnce(boolean retryable) {
    assertThatThrownBy(
            () ->
                fence
                    .call(
                        () -> {
                          throw new ChatDeliveryException("wecom", "io", "down", retryable);
                        },
                        null,
                        e -> new ChatDeliveryException("wecom", "other", "?", false))
                    .block())
        .isInstanceOf(ChatDeliveryException.class);
  }

  @Test
  void the_circuit_is_open_after_enough_retryable_failures_and_refuses_calls_then() {
    assertThat(fence.circuitOpen()).isFalse();
    for (int i = 0; i < 9; i++) {
      failOnce(true);
    }
    assertThat(fence.circuitOpen()).isFalse(); // fewer calls than the breaker's minimum

    failOnce(true);
    assertThat(fence.circuitOpen()).isTrue();
    assertThatThrownBy(() -> fence.call(() -> "sent", null, e -> null).block())
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> assertThat(e.code()).isEqualTo(DeliverOutbound.CIRCUIT_OPEN));
  }

  @Test
  void failures_that_are_not_retryable_do_not_open_it() {
    for (int i = 0; i < 20; i++) {
      failOnce(false);
    }
    assertThat(fence.circuitOpen()).isFalse();
  }
}
