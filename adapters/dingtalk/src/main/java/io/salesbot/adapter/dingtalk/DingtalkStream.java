package io.salesbot.adapter.dingtalk;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Stream mode: a websocket that salesbot opens to DingTalk ({@code app-stream-client}), with
 * listeners for robot messages and card callbacks. DingTalk retries a push that is not answered in
 * time (about 3 s on the Stream) or answered with an error, so each event is in the queue
 * <em>before</em> its listener returns, and a listener that cannot queue it in time throws: the
 * push stays unacknowledged and comes again. A push retried after a slow but successful enqueue is
 * harmless, since the queue drops the second copy by its event id. A card click is answered within
 * DingTalk's 2 s ({@link #CLICK_ENQUEUE_TIMEOUT}), a robot message within the Stream's 3 s ({@link
 * #ENQUEUE_TIMEOUT}). A text message's {@code sessionWebhook} is kept for its reply first ({@link
 * SessionWebhooks}). {@link #stop} stops taking new messages, waits for those in flight, then
 * closes the connection. The client reconnects by itself; a watcher looks at the connection every
 * {@link #WATCH_INTERVAL} and keeps its {@link #status()} (see {@link StreamConnection}).
 */
final class DingtalkStream {
  static final Duration ENQUEUE_TIMEOUT = Duration.ofMillis(2500);
  static final Duration CLICK_ENQUEUE_TIMEOUT = DingtalkCallbacks.CLICK_ENQUEUE_TIMEOUT;
  static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(DingtalkStream.class);

  private final DingtalkSettings settings;
  private final InboundQueue queue;
  private final Clock clock;
  private final SessionWebhooks webhooks;
  private final StreamConnection connection;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Runnable pushed = () -> {};
  private volatile boolean stopping;
  private @Nullable OpenDingTalkClient client;
  private @Nullable ScheduledExecutorService watcher;

  /** Without keeping session webhooks: replies go through the robot API (tests). */
  DingtalkStream(DingtalkSettings settings, InboundQueue queue, Clock clock) {
    this(settings, queue, clock, SessionWebhooks.none(clock));
  }

  DingtalkStream(
      DingtalkSettings settings, InboundQueue queue, Clock clock, SessionWebhooks webhooks) {
    this.settings = settings;
    this.queue = queue;
    this.clock = clock;
    this.webhooks = webhooks;
    this.connection = new StreamConnection(clock);
  }

  /** The connection's state, reconnects and times. */
  DingtalkStreamStatus status() {
    return connection.status();
  }

  /** Robot messages, topic {@code /v1.0/im/bot/messages/get}. */
  final class BotMessages
      implements OpenDingTalkCallbackListener<Map<String, Object>, Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Object> execute(Map<String, Object> message) {
      return take(message, m -> DingtalkEvents.botMessage(m, clock.instant()), ENQUEUE_TIMEOUT);
    }
  }

  /** Card button clicks, topic {@code /v1.0/card/instances/callback}. */
  final class CardCallbacks
      implements OpenDingTalkCallbackListener<Map<String, Object>, Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Object> execute(Map<String, Object> callback) {
      // Queued first; the answer then updates the clicker's card at once (buttons gone, pending
      // note) until the click's outcome arrives through updateCard.
      take(callback, c -> DingtalkEvents.cardCallback(c, clock.instant()), CLICK_ENQUEUE_TIMEOUT);
      return DingtalkCards.clickAnswer();
    }
  }

  BotMessages botMessages() {
    return new BotMessages();
  }

  /** Counts each message and click pushed over the Stream against the monthly push quota. */
  void onPush(Runnable counter) {
    this.pushed = counter;
  }

  CardCallbacks cardCallbacks() {
    return new CardCallbacks();
  }

  private Map<String, Object> take(
      Map<String, Object> payload, Function<JsonNode, InboundEvent> translate, Duration timeout) {
    inFlight.incrementAndGet();
    try {
      if (stopping) {
        throw new IllegalStateException("shutting down; not taking new DingTalk messages");
      }
      pushed.run();
      JsonNode json = DingtalkEvents.JSON.valueToTree(payload);
      InboundEvent event = translate.apply(json);
      // Remembering the webhook gets part of the time, never all of it: it gives up on its own.
      Boolean appended =
          webhooks
              .remember(json, event)
              .timeout(timeout.dividedBy(3), Mono.empty())
              .then(queue.enqueue(event))
              .block(timeout);
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
    connection.starting();
    c.start();
    client = c;
    ScheduledExecutorService w =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dingtalk-stream-watch");
              t.setDaemon(true);
              return t;
            });
    w.scheduleWithFixedDelay(() -> watch(c), 0, WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    watcher = w;
    log.info("DingTalk Stream mode: connecting as {}", settings.clientId());
  }

  private void watch(OpenDingTalkClient c) {
    DingtalkStreamStatus.State before = connection.status().state();
    connection.observe(StreamConnection.probe(c));
    DingtalkStreamStatus now = connection.status();
    if (now.state() != before) {
      if (now.state() == DingtalkStreamStatus.State.CONNECTED) {
        log.info("DingTalk Stream connected (reconnects so far: {})", now.reconnects());
      } else {
        log.warn("DingTalk Stream is {} (was {})", now.state(), before);
      }
    }
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
    ScheduledExecutorService w = watcher;
    watcher = null;
    if (w != null) {
      w.shutdownNow();
    }
    connection.stopped();
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
