package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.InboundQueue;
import java.time.Clock;
import java.util.Map;

/**
 * Test access to the DingTalk Stream listeners from bot-server's end-to-end tests: the listeners
 * salesbot registers with {@code app-stream-client}, fed a frame's data as the client would pass
 * it. The client's gateway address cannot be configured (its {@code openApiHost} setter is private
 * and the gateway is reached over TLS), so the websocket itself is not exercised.
 */
public final class StreamListeners {
  private final DingtalkStream stream;

  public StreamListeners(DingtalkSettings settings, InboundQueue queue, Clock clock) {
    this.stream = new DingtalkStream(settings, queue, clock);
  }

  /** Topic {@code /v1.0/card/instances/callback}; returns the listener's answer. */
  public Map<String, Object> cardCallback(Map<String, Object> data) {
    return stream.cardCallbacks().execute(data);
  }

  /** Topic {@code /v1.0/im/bot/messages/get}; returns the listener's answer. */
  public Map<String, Object> botMessage(Map<String, Object> data) {
    return stream.botMessages().execute(data);
  }
}
