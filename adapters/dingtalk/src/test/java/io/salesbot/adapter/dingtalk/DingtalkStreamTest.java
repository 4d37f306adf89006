package io.salesbot.adapter.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.platform.domain.Address;
import io.salesbot.core.platform.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Stream listeners fed recorded frames directly; no connection to DingTalk is opened. */
class DingtalkStreamTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final DingtalkStream stream =
      new DingtalkStream(
          Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.STREAM),
          queue,
          Payloads.CLOCK);

  @SuppressWarnings("unchecked")
  private static Map<String, Object> frame(String name) {
    return DingtalkEvents.JSON.readValue(Payloads.load(name), Map.class);
  }

  @Test
  void a_bot_message_is_queued_before_the_listener_returns() {
    stream.botMessages().execute(frame("stream-bot-text-help.json"));
    assertThat(queue.events())
        .containsExactly(
            new InboundEvent.TextMessage(
                "dingtalk-msg-msgQx1o2JmP3uQfz4hW7TbxUA==",
                new Address("dingtalk", "0155204455261032"),
                "/help",
                Payloads.NOW));
  }

  @Test
  void a_redelivered_card_callback_is_queued_once() {
    stream.cardCallbacks().execute(frame("stream-card-callback-claim.json"));
    stream.cardCallbacks().execute(frame("stream-card-callback-claim.json"));
    assertThat(queue.events())
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.CardAction.class,
            a -> {
              assertThat(a.cardId()).isEqualTo("lead-42");
              assertThat(a.action()).isEqualTo("claim");
            });
  }

  @Test
  void other_message_types_are_queued_as_unsupported() {
    stream.botMessages().execute(frame("stream-bot-picture.json"));
    assertThat(queue.events())
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.Unsupported.class, u -> assertThat(u.type()).isEqualTo("msg:picture"));
  }

  @Test
  void a_listener_fails_when_the_queue_cannot_take_the_message() {
    queue.down(true);
    assertThatThrownBy(() -> stream.botMessages().execute(frame("stream-bot-text-help.json")))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void after_stop_no_new_message_is_taken() {
    stream.stop(Duration.ofMillis(100));
    assertThatThrownBy(() -> stream.botMessages().execute(frame("stream-bot-text-help.json")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(queue.events()).isEmpty();
    assertThat(stream.inFlight()).isZero();
  }
}
