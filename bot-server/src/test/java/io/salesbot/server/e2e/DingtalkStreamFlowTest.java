package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.adapter.dingtalk.StreamListeners;
import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.server.platforms.DingtalkProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk's Stream path end to end, without the websocket: the recorded card-callback frame of
 * topic {@code /v1.0/card/instances/callback} (the file the adapter's own tests use), pointed at a
 * real lead's card, goes through salesbot's Stream listener into the running server's queue; the
 * claim and the card updates then happen as for any click, at WireMock.
 *
 * <p>The Stream client's gateway address is not configurable ({@code openApiHost} is private in
 * {@code app-stream-client} 1.3.12, and the gateway is reached over TLS), so no fake gateway.
 */
class DingtalkStreamFlowTest extends DingtalkSupport {
  @Autowired RedisAdapter redis;
  @Autowired DingtalkProperties properties;
  @Autowired Clock clock;

  private static String resource(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            DingtalkStreamFlowTest.class.getResourceAsStream("/dingtalk/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> frame(String outTrackId, String userId, String key) {
    ObjectNode recorded = (ObjectNode) JSON.readTree(resource("stream-card-callback-claim.json"));
    ObjectNode content = (ObjectNode) JSON.readTree(recorded.path("content").asString());
    ((ObjectNode) content.path("cardPrivateData").path("params")).put("key", key);
    recorded.put("content", JSON.writeValueAsString(content));
    recorded.put("outTrackId", outTrackId);
    recorded.put("userId", userId);
    return JSON.convertValue(recorded, Map.class);
  }

  @Test
  void a_recorded_stream_card_callback_claims_the_lead_once() {
    StreamListeners listeners =
        new StreamListeners(properties.toSettings(), redis.inboundQueue(), clock);
    String leadId = (String) pooledLead(STREAM, "流式客户").get("id");
    String outTrackId = "lead-" + leadId;
    Call create =
        awaitReached("POST", CREATE, c -> c.outTrackId().equals(outTrackId), STREAM.all()).get(0);
    String key = create.params().path("btn1Key").asString();
    String clicker = STREAM.rep(2);

    // DingTalk redelivers a frame that was not acknowledged: the second one changes nothing.
    Map<String, Object> frame = frame(outTrackId, clicker, key);
    // Each answer updates the clicker's card at once: buttons hidden until the outcome arrives.
    assertThat(listeners.cardCallback(frame)).containsKey("userPrivateData");
    assertThat(listeners.cardCallback(frame)).containsKey("userPrivateData");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> ("dingtalk:" + clicker).equals(l.get("owner")));
    Call mine =
        awaitCall(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && c.privateUsers().contains(clicker));
    assertThat(mine.privateParams(clicker).path("title").asString()).isEqualTo("你已领取：流式客户");
    Call theirs =
        awaitCall(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && !c.privateUsers().contains(clicker));
    assertThat(theirs.privateParams(STREAM.rep(1)).path("title").asString())
        .isEqualTo("已被 " + STREAM.repName(2) + " 领取：流式客户");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                audits(leadId, "claimed") == 1
                    && audits(leadId, "claim_rejected") == 0
                    && calls(
                                "PUT",
                                UPDATE,
                                c ->
                                    c.outTrackId().equals(outTrackId)
                                        && c.privateUsers().contains(clicker))
                            .size()
                        == 1);
  }
}
