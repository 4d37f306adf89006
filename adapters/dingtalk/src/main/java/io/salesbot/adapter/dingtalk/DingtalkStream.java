package io.salesbot.adapter.dingtalk;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import io.salesbot.core.platform.InboundQueue;
import io.salesbot.core.platform.domain.InboundEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Stream mode: a websocket that salesbot opens to DingTalk ({@code app-stream-client}), with
 * listeners for robot messages and card callbacks. DingTalk never redelivers a robot message, so
 * each event is in the queue <em>before</em> its listener returns (a listener that throws leaves
 * the message unacknowledged). {@link #stop} stops taking new messages, waits for those in flight,
 * then closes the connection. The client reconnects by itself.
 */
final class DingtalkStream {
  static final Duration ENQUEUE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(DingtalkStream.class);

  private final DingtalkSettings settings;
  private final InboundQueue queue;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;
  private @Nullable OpenDingTalkClient client;

  DingtalkStream(DingtalkSettings settings, InboundQueue queue, Clock clock) {
    this.settings = settings;
    this.queue = queue;
    this.clock = clock;
  }

  /** Robot messages, topic {@code /v1.0/im/bot/messages/get}. */
  final class BotMessages
      implements OpenDingTalkCallbackListener<Map<String, Object>, Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Object> execute(Map<String, Object> message) {
      return take(message, m -> DingtalkEvents.botMessage(m, clock.instant()));
    }
  }

  /** Card button clicks, topic {@code /v1.0/card/instances/callback}. */
  final class CardCallbacks
      implements OpenDingTalkCallbackListener<Map<String, Object>, Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Object> execute(Map<String, Object> callback) {
      // An empty answer leaves the clicker's card as it is; the claim's outcome updates it.
      return take(callback, c -> DingtalkEvents.cardCallback(c, clock.instant()));
    }
  }

  BotMessages botMessages() {
    return new BotMessages();
  }

  CardCallbacks cardCallbacks() {
    return new CardCallbacks();
  }

  private Map<String, Object> take(
      Map<String, Object> payload, Function<JsonNode, InboundEvent> translate) {
    inFlight.incrementAndGet();
    try {
      if (stopping) {
        throw new IllegalStateException("shutting down; not taking new DingTalk messages");
      }
      InboundEvent event = translate.apply(DingtalkEvents.JSON.valueToTree(payload));
      Boolean appended = queue.enqueue(event).block(ENQUEUE_TIMEOUT);
      log.debug("DingTalk stream event {} queued: {}", event.eventId(), appended);
      return Map.of();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Opens the connection (Stream mode only); returns at once, the client connects in the back. */
  synchronized void start() throws Exception {
    if (client != null) {
      return;
    }
    stopping = false;
    OpenDingTalkClient c =
        OpenDingTalkStreamClientBuilder.custom()
            .credential(new AuthClientCredential(settings.clientId(), settings.clientSecret()))
            .registerCallbackListener(DingTalkStreamTopics.BOT_MESSAGE_TOPIC, botMessages())
            .registerCallbackListener(DingTalkStreamTopics.CARD_CALLBACK_TOPIC, cardCallbacks())
            .build();
    c.start();
    client = c;
    log.info("DingTalk Stream mode: connecting as {}", settings.clientId());
  }

  /** Stops taking messages, waits up to {@code drain} for those in flight, then disconnects. */
  synchronized void stop(Duration drain) {
    stopping = true;
    long deadline = System.nanoTime() + drain.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      log.warn("DingTalk stream stopped with {} messages still in flight", inFlight.get());
    }
    OpenDingTalkClient c = client;
    client = null;
    if (c != null) {
      try {
        c.stop();
      } catch (Exception e) {
        log.warn("could not close the DingTalk stream cleanly: {}", e.toString());
      }
    }
  }

  int inFlight() {
    return inFlight.get();
  }
}
