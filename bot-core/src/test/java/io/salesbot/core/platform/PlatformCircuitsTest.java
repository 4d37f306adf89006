package io.salesbot.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.testing.RecordingChatPlatform;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The open circuits are those of the platforms that say theirs is open, sorted, once each. */
class PlatformCircuitsTest {
  /** A platform whose circuit is open, sending nothing. */
  private record Open(String id) implements ChatPlatform {
    @Override
    public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
      return Mono.empty();
    }

    @Override
    public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
      return Mono.empty();
    }

    @Override
    public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
      return Mono.empty();
    }

    @Override
    public Mono<Boolean> circuitOpen() {
      return Mono.just(true);
    }
  }

  @Test
  void lists_the_platforms_whose_circuit_is_open() {
    PlatformCircuits circuits =
        PlatformCircuits.of(
            List.of(new Open("wecom"), new RecordingChatPlatform("sandbox"), new Open("dingtalk")));

    assertThat(circuits.open().block()).containsExactly("dingtalk", "wecom");
    // A platform without a breaker never says open.
    assertThat(new RecordingChatPlatform("sandbox").circuitOpen().block()).isFalse();
  }
}
