package io.salesbot.adapter.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import io.salesbot.adapter.dingtalk.DingtalkStreamStatus.State;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamConnectionTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final StreamConnection connection = new StreamConnection(clock);

  @Test
  void connecting_connected_lost_and_back_counts_one_reconnect() {
    assertThat(connection.status()).isEqualTo(DingtalkStreamStatus.OFF);
    connection.observe(true);
    assertThat(connection.status().state()).isEqualTo(State.OFF);

    connection.starting();
    Instant started = clock.instant();
    clock.advance(Duration.ofSeconds(3));
    connection.observe(false);
    assertThat(connection.status())
        .isEqualTo(new DingtalkStreamStatus(State.CONNECTING, 0, null, started));
    assertThat(connection.status().downFor(clock.instant())).isEqualTo(Duration.ofSeconds(3));

    connection.observe(true);
    Instant up = clock.instant();
    assertThat(connection.status())
        .isEqualTo(new DingtalkStreamStatus(State.CONNECTED, 0, up, null));
    assertThat(connection.status().downFor(clock.instant())).isZero();

    clock.advance(Duration.ofMinutes(5));
    connection.observe(false);
    Instant lost = clock.instant();
    clock.advance(Duration.ofSeconds(4));
    connection.observe(false);
    assertThat(connection.status())
        .isEqualTo(new DingtalkStreamStatus(State.RECONNECTING, 0, up, lost));
    assertThat(connection.status().downFor(clock.instant())).isEqualTo(Duration.ofSeconds(4));

    connection.observe(true);
    assertThat(connection.status())
        .isEqualTo(new DingtalkStreamStatus(State.CONNECTED, 1, clock.instant(), null));

    connection.observe(null);
    assertThat(connection.status().state()).isEqualTo(State.UNKNOWN);
    connection.stopped();
    assertThat(connection.status().state()).isEqualTo(State.OFF);
  }

  /**
   * Pins the fields the probe reads in app-stream-client: a client that cannot reach DingTalk
   * (closed port) is "not connected" — false, not null (which would mean the fields moved).
   */
  @Test
  void the_probe_reads_a_real_client_before_and_after_start() throws Exception {
    OpenDingTalkClient client =
        OpenDingTalkStreamClientBuilder.custom()
            .credential(new AuthClientCredential("dingprobe", "secret"))
            .registerCallbackListener(
                DingTalkStreamTopics.BOT_MESSAGE_TOPIC,
                (Map<String, Object> m) -> Map.<String, Object>of())
            .build();
    assertThat(StreamConnection.probe(client)).isFalse();
    try {
      client.start();
      java.lang.reflect.Field service = client.getClass().getDeclaredField("netWorkService");
      service.setAccessible(true);
      assertThat(service.get(client))
          .as("started: the probe looks into the session pool")
          .isNotNull();
      assertThat(StreamConnection.probe(client)).isFalse();
    } finally {
      try {
        client.stop();
      } catch (Exception ignored) {
        // nothing was opened
      }
    }
  }
}
