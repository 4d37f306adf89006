package io.salesbot.adapter.dingtalk;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class DingtalkCallbacksTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final DingtalkCrypto crypto =
      new DingtalkCrypto(Payloads.TOKEN, Payloads.AES_KEY, Payloads.CLIENT_ID);
  private final WebTestClient http =
      WebTestClient.bindToRouterFunction(
              new DingtalkAdapterConfiguration(
                      Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.HTTP),
                      queue,
                      new InMemoryAccessTokens(),
                      Payloads.CLOCK)
                  .routes())
          .build();

  private final String now = Long.toString(Payloads.NOW.toEpochMilli());

  private WebTestClient.ResponseSpec event(String plain, String signatureParam) {
    Map<String, String> m = crypto.encryptedMap(plain, now, "nonce0123456789a", "0123456789abcdef");
    return http.post()
        .uri(
            URI.create(
                "/callbacks/dingtalk?"
                    + signatureParam
                    + "="
                    + m.get("msg_signature")
                    + "&timestamp="
                    + now
                    + "&nonce=nonce0123456789a"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"encrypt\":\"" + m.get("encrypt") + "\"}")
        .exchange();
  }

  private WebTestClient.ResponseSpec robot(String body, String timestamp, String sign) {
    return http.post()
        .uri("/callbacks/dingtalk/robot")
        .header("timestamp", timestamp)
        .header("sign", sign)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec robot(String body) {
    return robot(body, now, DingtalkCrypto.robotSign(now, Payloads.CLIENT_SECRET));
  }

  @Test
  void answers_check_url_with_the_encrypted_success_map_and_queues_nothing() throws Exception {
    JsonNode answer =
        DingtalkEvents.parse(
            event("{\"EventType\":\"check_url\"}", "signature")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    assertThat(
            crypto.verifyAndDecrypt(
                answer.get("msg_signature").asString(),
                answer.get("timeStamp").asString(),
                answer.get("nonce").asString(),
                answer.get("encrypt").asString()))
        .isEqualTo("success");
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void queues_a_subscribed_event_once_however_often_it_is_retried() {
    String plain = "{\"EventType\":\"user_add_org\",\"eventId\":\"evt-1\",\"UserId\":[\"u1\"]}";
    event(plain, "msg_signature").expectStatus().isOk();
    event(plain, "msg_signature").expectStatus().isOk();
    assertThat(queue.events())
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.Unsupported.class,
            u -> {
              assertThat(u.type()).isEqualTo("event:user_add_org");
              assertThat(u.eventId()).isEqualTo("dingtalk-evt-evt-1");
            });
  }

  @Test
  void refuses_an_event_with_a_bad_signature() {
    Map<String, String> m = crypto.encryptedMap("{}", now, "nonce0123456789a", "0123456789abcdef");
    http.post()
        .uri(
            "/callbacks/dingtalk?signature=0"
                + m.get("msg_signature").substring(1)
                + "&timestamp="
                + now
                + "&nonce=nonce0123456789a")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"encrypt\":\"" + m.get("encrypt") + "\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void refuses_a_malformed_event_body() {
    http.post()
        .uri("/callbacks/dingtalk?signature=ab&timestamp=" + now + "&nonce=n")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("not json")
        .exchange()
        .expectStatus()
        .isBadRequest();
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void a_signed_robot_command_becomes_a_text_message_once() {
    String body = Payloads.load("robot-text-help.json");
    robot(body).expectStatus().isOk();
    robot(body).expectStatus().isOk();
    assertThat(queue.events())
        .singleElement()
        .isEqualTo(
            new InboundEvent.TextMessage(
                "dingtalk-msg-msgRobotHttp0001",
                new Address("dingtalk", "manager4711"),
                "/help",
                Payloads.NOW,
                // conversationType 2: typed in a group, whose id the message carries
                Address.group("dingtalk", "cidXo7tJ2a1bQ2t8Gm7wW5vWg==")));
  }

  @Test
  void a_signed_card_callback_becomes_a_card_action() {
    JsonNode answer =
        DingtalkEvents.parse(
            robot(Payloads.load("stream-card-callback-claim.json"))
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    // The clicker's card changes at once: buttons gone, a pending note.
    assertThat(answer.at("/cardUpdateOptions/updatePrivateDataByKey").asBoolean()).isTrue();
    assertThat(answer.at("/userPrivateData/cardParamMap/buttonCount").asString()).isEqualTo("0");
    assertThat(queue.events())
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.CardAction.class,
            a -> {
              assertThat(a.cardId()).isEqualTo("lead-42");
              assertThat(a.action()).isEqualTo("claim");
              assertThat(a.payload()).isEqualTo("lead-42");
              assertThat(a.user()).isEqualTo(new Address("dingtalk", "0155204455261032"));
            });
  }

  @Test
  void rejects_a_robot_callback_with_a_wrong_sign() {
    robot(Payloads.load("robot-text-help.json"), now, DingtalkCrypto.robotSign(now, "wrong"))
        .expectStatus()
        .isUnauthorized();
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void rejects_a_robot_callback_older_than_an_hour() {
    String old = Long.toString(Payloads.NOW.minusSeconds(3601).toEpochMilli());
    robot(
            Payloads.load("robot-text-help.json"),
            old,
            DingtalkCrypto.robotSign(old, Payloads.CLIENT_SECRET))
        .expectStatus()
        .isBadRequest();
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void rejects_a_robot_callback_without_headers_or_with_a_malformed_body() {
    http.post()
        .uri("/callbacks/dingtalk/robot")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    robot("[1,2").expectStatus().isBadRequest();
    robot("[]").expectStatus().isBadRequest();
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void answers_503_when_the_queue_is_down() {
    queue.down(true);
    robot(Payloads.load("robot-text-help.json")).expectStatus().isEqualTo(503);
  }
}
