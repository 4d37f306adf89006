package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * DingTalk end to end in HTTP mode: a signed robot message in at {@code /callbacks/dingtalk/robot},
 * the reply out at WireMock standing in for DingTalk's API.
 */
class DingtalkRobotFlowTest extends DingtalkSupport {

  @Test
  void a_help_command_sent_to_the_robot_is_answered_once_through_the_dingtalk_api() {
    String body = botText(HELPER, "钉钉助理", "/help");
    for (int i = 0; i < 2; i++) {
      // DingTalk's retry of the same message changes nothing.
      assertThat(robot(body)).isEqualTo(200);
    }

    Call sent =
        awaitCall(
            "POST",
            BATCH_SEND,
            c -> c.userIds().contains(HELPER) && c.text().startsWith("salesbot 可用命令"));
    assertThat(sent.token()).isEqualTo("E2E-DT-TOKEN");
    // The command list has several lines: markdown keeps them apart.
    assertThat(sent.body().path("msgKey").asString()).isEqualTo("sampleMarkdown");
    assertThat(sent.text()).contains("/help");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                calls(
                        "POST",
                        BATCH_SEND,
                        c -> c.userIds().contains(HELPER) && c.text().startsWith("salesbot 可用命令"))
                    .size(),
            n -> n == 1);
  }

  @Test
  void refuses_a_robot_callback_with_a_bad_sign() {
    String ts = Long.toString(Instant.now().toEpochMilli());
    http.post()
        .uri(URI.create("http://localhost:" + port + "/callbacks/dingtalk/robot"))
        .header("timestamp", ts)
        .header("sign", "bm90LWl0")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"msgtype\":\"text\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
