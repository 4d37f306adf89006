package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.server.e2e.WecomCallbackSigning.Callback;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * WeCom end to end: an encrypted callback in at {@code /callbacks/wecom/{agentId}}, the reply out
 * at WireMock standing in for WeCom's API (WxJava is pointed at it).
 */
class WecomCallbackFlowTest extends WecomSupport {

  private URI local(String pathAndQuery) {
    return URI.create("http://localhost:" + port + pathAndQuery);
  }

  private static String query(String encrypt, String extra) {
    return WecomCallbackSigning.signedPath(encrypt) + extra;
  }

  @Test
  void answers_url_verification() {
    String encrypt = WecomCallbackSigning.crypt().encrypt("0123456789abcdef", "echo-4711");
    String body =
        http.get()
            .uri(
                local(
                    query(
                        encrypt, "&echostr=" + URLEncoder.encode(encrypt, StandardCharsets.UTF_8))))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).isEqualTo("echo-4711");
  }

  @Test
  void a_help_command_typed_in_wecom_is_answered_through_the_wecom_api() {
    Callback callback = encrypted(textXml(HELPER, "/help"));

    http.post()
        .uri(local(callback.pathAndQuery()))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(callback.body())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .isEmpty();
    // WeCom's retry of the same callback changes nothing.
    http.post()
        .uri(local(callback.pathAndQuery()))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(callback.body())
        .exchange()
        .expectStatus()
        .isOk();

    Call sent =
        awaitCall(SEND, c -> c.touser().equals(HELPER) && c.text().startsWith("salesbot 可用命令"));
    assertThat(sent.body().path("msgtype").asString()).isEqualTo("text");
    assertThat(sent.text()).contains("/help");
    assertThat(sent.query()).contains("access_token=E2E-TOKEN");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                calls(SEND, c -> c.touser().equals(HELPER) && c.text().startsWith("salesbot 可用命令"))
                    .size(),
            n -> n == 1);
  }

  @Test
  void refuses_a_callback_with_a_bad_signature() {
    String encrypt =
        WecomCallbackSigning.crypt()
            .encrypt("0123456789abcdef", "<xml><MsgType>text</MsgType></xml>");
    http.post()
        .uri(local(query(encrypt, "").replace("msg_signature=", "msg_signature=0")))
        .contentType(MediaType.TEXT_XML)
        .bodyValue("<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
