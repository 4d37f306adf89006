package io.salesbot.adapter.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class WecomCallbacksTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final InMemoryCardReferences references = new InMemoryCardReferences();

  private WebTestClient client(Clock clock) {
    WecomAdapterConfiguration wecom =
        new WecomAdapterConfiguration(
            Payloads.settings("http://127.0.0.1:9"),
            queue,
            references,
            new InMemoryAccessTokens(),
            clock);
    return WebTestClient.bindToRouterFunction(wecom.routes()).build();
  }

  private final WebTestClient http = client(Payloads.CLOCK);

  private WebTestClient.ResponseSpec post(String query, String body) {
    return http.post()
        .uri(URI.create("/callbacks/wecom/" + Payloads.AGENT_ID + "?" + query))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec post(String payload) {
    Payloads.Payload p = Payloads.load(payload);
    return post(p.query(), p.body());
  }

  // --- URL verification
  // ---------------------------------------------------------------------------

  @Test
  void answers_url_verification_with_the_decrypted_echostr_of_the_official_vector() {
    WebTestClient atVectorTime =
        client(Clock.fixed(Instant.ofEpochSecond(1409659589L), ZoneOffset.UTC));
    for (String echostr :
        new String[] {
          WecomCryptoTest.ECHOSTR.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"),
          WecomCryptoTest.ECHOSTR // '+' unencoded arrives as a space
        }) {
      String body =
          atVectorTime
              .get()
              .uri(
                  URI.create(
                      "/callbacks/wecom/1000002?msg_signature="
                          + WecomCryptoTest.SIGNATURE
                          + "&timestamp=1409659589&nonce=263014780&echostr="
                          + echostr))
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(body).isEqualTo("1616140317555161061");
    }
  }

  @Test
  void refuses_url_verification_with_a_bad_signature_or_an_old_timestamp() {
    String query =
        "msg_signature=SIG&timestamp=1409659589&nonce=263014780&echostr="
            + WecomCryptoTest.ECHOSTR.replace("+", "%2B");
    client(Clock.fixed(Instant.ofEpochSecond(1409659589L), ZoneOffset.UTC))
        .get()
        .uri(
            URI.create(
                "/callbacks/wecom/1000002?"
                    + query.replace("SIG", "0" + WecomCryptoTest.SIGNATURE.substring(1))))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.get()
        .uri(
            URI.create(
                "/callbacks/wecom/1000002?" + query.replace("SIG", WecomCryptoTest.SIGNATURE)))
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  // --- messages and events
  // --------------------------------------------------------------------------

  @Test
  void queues_a_slash_command_as_a_text_message_and_answers_an_empty_200() {
    post("text-help").expectStatus().isOk().expectBody().isEmpty();

    assertThat(queue.events())
        .containsExactly(
            new InboundEvent.TextMessage(
                "wecom-1000002-msg-7454310000000000001",
                new Address("wecom", "ZhangSan"),
                "/help",
                Payloads.CLOCK.instant()));
  }

  @Test
  void queues_other_text_as_a_text_message_too() {
    post("text-hello").expectStatus().isOk();

    InboundEvent.TextMessage text = (InboundEvent.TextMessage) queue.events().get(0);
    assertThat(text.text()).isEqualTo("你好，在吗？");
    assertThat(text.user()).isEqualTo(new Address("wecom", "LiSi"));
  }

  @Test
  void a_retried_callback_is_queued_once() {
    post("template-card-click").expectStatus().isOk();
    post("template-card-click").expectStatus().isOk();
    post("template-card-click").expectStatus().isOk();

    assertThat(queue.events()).hasSize(1);
  }

  @Test
  void queues_a_card_click_as_a_card_action_and_keeps_its_response_code() {
    post("template-card-click").expectStatus().isOk();

    InboundEvent.CardAction action = (InboundEvent.CardAction) queue.events().get(0);
    assertThat(action.user()).isEqualTo(new Address("wecom", "LiSi"));
    assertThat(action.cardId()).isEqualTo("lead-6f9619ff-8b86-3011-b42d-b142a7516aef");
    assertThat(action.action()).isEqualTo("claim");
    assertThat(action.payload()).isEqualTo("6f9619ff-8b86-3011-b42d-b142a7516aef");
    assertThat(action.eventId()).startsWith("wecom-1000002-evt-");
    // The code travels with the event (the pipeline stores it); nothing waits for the database.
    assertThat(action.reference())
        .isEqualTo(
            new InboundEvent.CardAction.Reference(
                "RESPONSE-CODE-OF-THE-CLICK", Payloads.CLOCK.instant().plus(Duration.ofHours(71))));
    assertThat(references.all()).isEmpty();
  }

  @Test
  void queues_an_image_as_a_photo_with_its_media_id_for_the_handler_to_download() {
    post("image").expectStatus().isOk().expectBody().isEmpty();

    assertThat(queue.events())
        .containsExactly(
            new InboundEvent.MediaMessage(
                "wecom-1000002-msg-7000000000000000001",
                new Address("wecom", "ZhangSan"),
                InboundEvent.MediaMessage.Media.PHOTO,
                "MEDIA-1",
                null,
                null,
                null,
                Payloads.CLOCK.instant(),
                null));
  }

  @Test
  void acknowledges_other_events_as_unsupported() {
    post("change-contact").expectStatus().isOk().expectBody().isEmpty();

    assertThat(queue.events())
        .allSatisfy(e -> assertThat(e).isInstanceOf(InboundEvent.Unsupported.class))
        .extracting(e -> ((InboundEvent.Unsupported) e).type())
        .containsExactly("event:change_contact");
  }

  @Test
  void queues_enter_agent_as_entered_once_however_often_wecom_retries() {
    post("enter-agent").expectStatus().isOk();
    post("enter-agent").expectStatus().isOk();

    assertThat(queue.events()).hasSize(1);
    InboundEvent.Entered e = (InboundEvent.Entered) queue.events().get(0);
    assertThat(e.user()).isEqualTo(new Address("wecom", "WangWu"));
    assertThat(e.eventId()).startsWith("wecom-1000002-evt-");
  }

  @Test
  void refuses_bad_input_with_a_4xx_and_queues_nothing() {
    Payloads.Payload help = Payloads.load("text-help");
    // another corp's message, correctly signed with our token
    post("text-help-other-corp").expectStatus().isForbidden();
    // a body that does not match the signature
    Payloads.Payload hello = Payloads.load("text-hello");
    post(help.query(), hello.body()).expectStatus().isUnauthorized();
    // not XML, XML without Encrypt, a DOCTYPE
    post(help.query(), "{\"json\": true}").expectStatus().isBadRequest();
    post(help.query(), "<xml><ToUserName>x</ToUserName></xml>").expectStatus().isBadRequest();
    post(
            help.query(),
            "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&e;</Encrypt></xml>")
        .expectStatus()
        .isBadRequest();
    // oversized
    post(help.query(), "<xml>" + "x".repeat(70 * 1024) + "</xml>").expectStatus().isEqualTo(413);
    // missing parameters, an unknown app
    post("timestamp=1735700000&nonce=n", help.body()).expectStatus().isBadRequest();
    http.post()
        .uri(URI.create("/callbacks/wecom/42?" + help.query()))
        .bodyValue(help.body())
        .exchange()
        .expectStatus()
        .isNotFound();

    assertThat(queue.events()).isEmpty();
  }

  @Test
  void refuses_a_timestamp_far_from_the_clock() {
    WebTestClient later = client(Clock.offset(Payloads.CLOCK, Duration.ofMinutes(11)));
    Payloads.Payload help = Payloads.load("text-help");
    later
        .post()
        .uri(URI.create("/callbacks/wecom/1000002?" + help.query()))
        .bodyValue(help.body())
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);

    assertThat(queue.events()).isEmpty();
  }

  @Test
  void answers_503_when_the_queue_cannot_take_the_event_so_wecom_retries() {
    queue.down(true);

    post("text-help").expectStatus().isEqualTo(503).expectHeader().exists("Retry-After");
  }
}
