package io.salesbot.adapter.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Stream listeners fed recorded frames directly; no connection to DingTalk is opened. */
class DingtalkStreamTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final InMemoryAccessTokens store = new InMemoryAccessTokens();
  private final SessionWebhooks webhooks =
      new SessionWebhooks(store, Payloads.CLOCK, Payloads.CLIENT_ID);
  private final DingtalkStream stream =
      new DingtalkStream(
          Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.STREAM),
          queue,
          Payloads.CLOCK,
          webhooks);

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
    assertThat(webhooks.forCommand("reply-dingtalk-msg-msgQx1o2JmP3uQfz4hW7TbxUA==").block())
        .isEqualTo(
            new SessionWebhooks.Webhook(
                "https://oapi.dingtalk.com/robot/sendBySession?session=0123456789abcdef", null));
    assertThat(
            store
                .get(
                    "dingtalk:"
                        + Payloads.CLIENT_ID
                        + ":session:dingtalk-msg-msgQx1o2JmP3uQfz4hW7TbxUA==")
                .block()
                .expiresAt())
        .isEqualTo(Instant.ofEpochMilli(1767229200000L).minus(SessionWebhooks.MARGIN));
    assertThat(webhooks.forCommand("offer-42").block()).isNull();
  }

  @Test
  void a_group_message_carries_its_group_and_keeps_the_group_webhook() {
    stream.botMessages().execute(frame("stream-bot-group-bind.json"));
    assertThat(queue.events())
        .containsExactly(
            new InboundEvent.TextMessage(
                "dingtalk-msg-msgGroupBind0001uQfz4hW7TbxUA==",
                new Address("dingtalk", "manager4711"),
                "/bind-team east",
                Payloads.NOW,
                Address.parse("dingtalk:group:cidGr0upEast7tJ2a1bQ2t8Gm7w==")));
    SessionWebhooks.Webhook hook =
        webhooks.forCommand("reply-dingtalk-msg-msgGroupBind0001uQfz4hW7TbxUA==").block();
    assertThat(hook.url()).endsWith("session=fedcba9876543210");
    assertThat(hook.mention())
        .as("the asker, to be @-mentioned in the group")
        .isEqualTo("manager4711");
  }

  @Test
  void an_expired_webhook_is_not_kept_and_a_store_failure_does_not_stop_the_message() {
    Map<String, Object> old = frame("stream-bot-text-help.json");
    old.put("sessionWebhookExpiredTime", Payloads.NOW.plusSeconds(10).toEpochMilli());
    stream.botMessages().execute(old);
    assertThat(webhooks.forCommand("reply-dingtalk-msg-msgQx1o2JmP3uQfz4hW7TbxUA==").block())
        .isNull();
    assertThat(queue.events()).hasSize(1);

    DingtalkStream failing =
        new DingtalkStream(
            Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.STREAM),
            queue,
            Payloads.CLOCK,
            new SessionWebhooks(new BrokenAccessTokens(), Payloads.CLOCK, Payloads.CLIENT_ID));
    Map<String, Object> other = frame("stream-bot-group-bind.json");
    failing.botMessages().execute(other);
    assertThat(queue.events()).hasSize(2);
  }

  /** A token store that is down. */
  private static final class BrokenAccessTokens implements io.salesbot.core.platform.AccessTokens {
    @Override
    public reactor.core.publisher.Mono<Token> get(String key) {
      return reactor.core.publisher.Mono.error(new IllegalStateException("down"));
    }

    @Override
    public reactor.core.publisher.Mono<Void> put(String key, Token token) {
      return reactor.core.publisher.Mono.error(new IllegalStateException("down"));
    }

    @Override
    public reactor.core.publisher.Mono<Void> invalidate(String key, String value) {
      return reactor.core.publisher.Mono.error(new IllegalStateException("down"));
    }

    @Override
    public reactor.core.publisher.Mono<Boolean> tryLock(String key, String owner, Duration ttl) {
      return reactor.core.publisher.Mono.error(new IllegalStateException("down"));
    }

    @Override
    public reactor.core.publisher.Mono<Void> unlock(String key, String owner) {
      return reactor.core.publisher.Mono.error(new IllegalStateException("down"));
    }
  }

  @Test
  void a_redelivered_card_callback_is_queued_once() {
    Map<String, Object> answer =
        stream.cardCallbacks().execute(frame("stream-card-callback-claim.json"));
    stream.cardCallbacks().execute(frame("stream-card-callback-claim.json"));
    // The clicker's card changes at once: buttons gone, a pending note, by key.
    assertThat(answer)
        .containsEntry(
            "cardUpdateOptions",
            Map.of("updateCardDataByKey", true, "updatePrivateDataByKey", true))
        .containsEntry(
            "userPrivateData",
            Map.of("cardParamMap", Map.of("buttonCount", "0", "note", DingtalkCards.PENDING_NOTE)));
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
  void a_picture_is_queued_as_a_photo_with_its_download_code() {
    stream.botMessages().execute(frame("stream-bot-picture.json"));
    assertThat(queue.events())
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.MediaMessage.class,
            m -> {
              assertThat(m.kind()).isEqualTo(InboundEvent.MediaMessage.Media.PHOTO);
              assertThat(m.media()).isEqualTo("mIofN681YE3f/+m+NntqpW==");
              assertThat(m.user().userId()).isEqualTo("0155204455261032");
              assertThat(m.conversation()).isNull();
            });
  }

  @Test
  void a_listener_fails_when_the_queue_cannot_take_the_message() {
    queue.down(true);
    assertThatThrownBy(() -> stream.botMessages().execute(frame("stream-bot-text-help.json")))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void a_click_listener_gives_up_within_two_seconds_when_the_queue_hangs() {
    DingtalkStream hanging =
        new DingtalkStream(
            Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.STREAM),
            e -> reactor.core.publisher.Mono.never(),
            Payloads.CLOCK,
            webhooks);
    // Unanswered, the push stays unacknowledged and DingTalk sends it again. The listener gives up
    // at its own bound for clicks, which is under DingTalk's 2 s (no wall clock is read here).
    assertThat(DingtalkStream.CLICK_ENQUEUE_TIMEOUT)
        .as("DingTalk wants a click answered within 2 s")
        .isLessThan(Duration.ofSeconds(2));
    assertThatThrownBy(
            () -> hanging.cardCallbacks().execute(frame("stream-card-callback-claim.json")))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining(
            "Timeout on blocking read for " + DingtalkStream.CLICK_ENQUEUE_TIMEOUT.toNanos());
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
