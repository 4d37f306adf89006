package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * HTTP mode's card clicks: {@code POST /callbacks/dingtalk/card} signed with {@code
 * x-ddpaas-signature} = Base64(HmacSHA256(apiSecret, timestamp)) (DingTalk doc 互动卡片 / 开发指南 / 事件回调),
 * the route key on every created card, and the registration of the URL at start-up.
 */
class DingtalkCardCallbackTest {
  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private final String now = Long.toString(Payloads.NOW.toEpochMilli());
  private final WireMockServer api = new WireMockServer(options().dynamicPort());

  @AfterEach
  void stop() {
    if (api.isRunning()) {
      api.stop();
    }
  }

  private static WebTestClient client(InboundQueue queue) {
    return WebTestClient.bindToRouterFunction(
            new DingtalkAdapterConfiguration(
                    Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.HTTP),
                    queue,
                    new InMemoryAccessTokens(),
                    Payloads.CLOCK)
                .routes())
        .configureClient()
        .responseTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static String click(String key) {
    return "{\"type\":\"actionCallback\",\"outTrackId\":\"lead-42\",\"corpId\":\"dingc0ffee0123456789\","
        + "\"userId\":\"0155204455261032\",\"content\":\"{\\\"cardPrivateData\\\":{\\\"actionIds\\\":"
        + "[\\\"btn1\\\"],\\\"params\\\":{\\\"key\\\":\\\""
        + key
        + "\\\"}}}\"}";
  }

  private static WebTestClient.ResponseSpec postClick(
      WebTestClient http, String body, String timestamp, String signature) {
    return http.post()
        .uri("/callbacks/dingtalk/card")
        .header("x-ddpaas-signature-timestamp", timestamp)
        .header("x-ddpaas-signature", signature)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec signed(WebTestClient http, String body) {
    return postClick(
        http, body, now, DingtalkCrypto.cardSign(Long.parseLong(now), Payloads.CARD_SECRET));
  }

  @Test
  void the_documented_signature_is_base64_hmac_sha256_of_the_timestamp() {
    // Computed independently: printf %s 1767225600000 | openssl dgst -sha256 -hmac <secret> -binary
    // | base64
    assertThat(DingtalkCrypto.cardSign(1767225600000L, Payloads.CARD_SECRET))
        .isEqualTo(
            java.util.Base64.getEncoder()
                .encodeToString(hmac(Payloads.CARD_SECRET, "1767225600000")));
  }

  private static byte[] hmac(String key, String text) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_signed_click_is_queued_and_answered_with_the_pending_update() {
    String key = CardKeys.buttonKey("lead-42", "claim", "42");
    JsonNode answer =
        DingtalkEvents.parse(
            signed(client(queue), click(key))
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());

    assertThat(answer.path("userPrivateData").path("cardParamMap").path("buttonCount").asString())
        .isEqualTo("0");
    assertThat(answer).isEqualTo(DingtalkEvents.JSON.valueToTree(DingtalkCards.clickAnswer()));
    assertThat(queue.events())
        .singleElement()
        .isInstanceOfSatisfying(
            InboundEvent.CardAction.class,
            a -> {
              assertThat(a.user()).isEqualTo(new Address("dingtalk", "0155204455261032"));
              assertThat(a.cardId()).isEqualTo("lead-42");
              assertThat(a.action()).isEqualTo("claim");
              assertThat(a.payload()).isEqualTo("42");
            });
  }

  @Test
  void refuses_a_wrong_signature_the_robot_signature_and_a_missing_one() {
    String body = click(CardKeys.buttonKey("lead-42", "claim", "42"));
    WebTestClient http = client(queue);
    postClick(
            http, body, now, DingtalkCrypto.cardSign(Long.parseLong(now), "another-secret-0123456"))
        .expectStatus()
        .isUnauthorized();
    postClick(http, body, now, DingtalkCrypto.robotSign(now, Payloads.CLIENT_SECRET))
        .expectStatus()
        .isUnauthorized();
    http.post()
        .uri("/callbacks/dingtalk/card")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    assertThat(queue.events()).isEmpty();
  }

  @Test
  void refuses_a_timestamp_more_than_an_hour_off() {
    String body = click(CardKeys.buttonKey("lead-42", "claim", "42"));
    long old = Payloads.NOW.minus(Duration.ofMinutes(61)).toEpochMilli();
    postClick(
            client(queue),
            body,
            Long.toString(old),
            DingtalkCrypto.cardSign(old, Payloads.CARD_SECRET))
        .expectStatus()
        .isBadRequest();
    long fine = Payloads.NOW.minus(Duration.ofMinutes(59)).toEpochMilli();
    postClick(
            client(queue),
            body,
            Long.toString(fine),
            DingtalkCrypto.cardSign(fine, Payloads.CARD_SECRET))
        .expectStatus()
        .isOk();
    assertThat(queue.events()).hasSize(1);
  }

  @Test
  void a_slow_queue_still_gets_the_answer_and_a_stuck_one_a_503_within_two_seconds() {
    String body = click(CardKeys.buttonKey("lead-42", "claim", "42"));
    InboundQueue slow = e -> Mono.delay(Duration.ofMillis(800)).then(queue.enqueue(e));
    signed(client(slow), body).expectStatus().isOk();
    assertThat(queue.events()).hasSize(1);

    InboundQueue stuck = e -> Mono.never();
    signed(client(stuck), body).expectStatus().isEqualTo(503);
    assertThat(DingtalkCallbacks.CLICK_ENQUEUE_TIMEOUT)
        .as("the queue's share of DingTalk's 2 s")
        .isLessThan(Duration.ofSeconds(2));
  }

  // --- route key and registration

  private DingtalkAdapterConfiguration httpAdapter() {
    api.start();
    api.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    return new DingtalkAdapterConfiguration(
        Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.HTTP)
            .withRetry(1, Duration.ofMillis(1)),
        queue,
        new InMemoryAccessTokens(),
        Payloads.CLOCK);
  }

  @Test
  void every_card_is_created_with_the_route_key_in_http_mode() {
    DingtalkPlatform platform = (DingtalkPlatform) httpAdapter().platform();
    JsonNode body =
        platform.create(
            "offer-42",
            DingtalkPlatformTest.OFFER,
            "lead-42",
            List.of(new Address("dingtalk", "u1")));
    assertThat(body.path("callbackType").asString()).isEqualTo("HTTP");
    assertThat(body.path("callbackRouteKey").asString()).isEqualTo("salesbot-test-route");
  }

  @Test
  void registers_the_callback_url_at_start_and_retries_until_dingtalk_takes_it() throws Exception {
    DingtalkAdapterConfiguration adapter = httpAdapter();
    api.stubFor(
        post(urlEqualTo("/v1.0/card/callbacks/register"))
            .inScenario("register")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    api.stubFor(
        post(urlEqualTo("/v1.0/card/callbacks/register"))
            .inScenario("register")
            .whenScenarioStateIs("up")
            .willReturn(okJson("{\"success\":true,\"result\":{}}")));
    assertThat(adapter.cardCallbackStatus().state())
        .isEqualTo(DingtalkCardCallbackStatus.State.OFF);

    adapter.start();
    try {
      DingtalkCardCallbackStatus status =
          reactor.core.publisher.Flux.interval(Duration.ofMillis(20))
              .map(tick -> adapter.cardCallbackStatus())
              .filter(s -> s.state() == DingtalkCardCallbackStatus.State.REGISTERED)
              .blockFirst(Duration.ofSeconds(10));
      assertThat(status.attempts()).isEqualTo(2);
      assertThat(status.callbackUrl())
          .isEqualTo("https://salesbot.example.com/callbacks/dingtalk/card");
      assertThat(status.registeredAt()).isEqualTo(Payloads.NOW);
      api.verify(
          2,
          postRequestedFor(urlEqualTo("/v1.0/card/callbacks/register"))
              .withHeader("x-acs-dingtalk-access-token", equalTo("TOKEN-1"))
              .withRequestBody(
                  equalToJson(
                      "{\"callbackRouteKey\":\"salesbot-test-route\","
                          + "\"callbackUrl\":\"https://salesbot.example.com/callbacks/dingtalk/card\","
                          + "\"apiSecret\":\""
                          + Payloads.CARD_SECRET
                          + "\",\"forceUpdate\":true}")));
    } finally {
      adapter.stop(Duration.ZERO);
    }
  }

  @Test
  void http_mode_without_a_card_callback_is_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                DingtalkSettings.of(
                    Payloads.CLIENT_ID,
                    Payloads.CLIENT_SECRET,
                    "robot",
                    "corp",
                    DingtalkSettings.Mode.HTTP,
                    Payloads.TOKEN,
                    Payloads.AES_KEY,
                    "tpl",
                    java.util.Map.of(),
                    "https://api.dingtalk.com",
                    null))
        .hasMessageContaining("card callback");
  }
}
