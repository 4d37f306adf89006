package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DingtalkPlatformTest {
  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private DingtalkPlatform platform;

  static final Card OFFER =
      new Card(
          "lead-42",
          1,
          CardType.LEAD_OFFER,
          "新线索：王先生",
          List.of(
              new CardElement.Field("地区", "华东"),
              new CardElement.Text("想了解企业版报价"),
              new CardElement.Note("来源 web · 10:02")),
          List.of(new CardButton("claim", "领取", "lead-42", CardButton.Style.PRIMARY)));

  static final Card CLAIMED_BY_YOU =
      new Card(
          "lead-42",
          2,
          CardType.LEAD_CLAIMED_BY_YOU,
          "你已领取：王先生",
          List.of(new CardElement.Field("电话", "138****0000")),
          List.of());

  @BeforeEach
  void start() {
    api.start();
    api.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    platform =
        (DingtalkPlatform)
            new DingtalkAdapterConfiguration(
                    Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.STREAM)
                        .withRetry(3, Duration.ofMillis(1)),
                    new InMemoryInboundQueue(),
                    new InMemoryAccessTokens(),
                    Payloads.CLOCK)
                .platform();
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void card_param_maps_match_the_golden_files() {
    assertThat(
            (tools.jackson.databind.JsonNode)
                DingtalkEvents.JSON.valueToTree(
                    DingtalkCards.params(OFFER, CardKeys.render("offer-42"))))
        .isEqualTo(DingtalkEvents.parse(Payloads.golden("lead-offer-params.json")));
    assertThat(
            (tools.jackson.databind.JsonNode)
                DingtalkEvents.JSON.valueToTree(
                    DingtalkCards.params(CLAIMED_BY_YOU, CardKeys.render("claimed-42"))))
        .isEqualTo(DingtalkEvents.parse(Payloads.golden("lead-claimed-by-you-params.json")));
  }

  @Test
  void a_card_is_created_and_delivered_with_our_out_track_id() {
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(
                okJson(
                    "{\"success\":true,\"result\":{\"outTrackId\":\"lead-42\",\"deliverResults\":[{\"spaceType\":\"IM_ROBOT\",\"spaceId\":\"u2\",\"success\":false,\"errorMsg\":\"no\"}]}}")));
    List<Delivery> sent =
        delivered(
            platform.sendCard(
                "cmd-1",
                OFFER,
                List.of(new Address("dingtalk", "u1"), new Address("dingtalk", "u2"))));
    assertThat(sent).extracting(d -> d.recipient().userId()).containsExactly("u1");
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .withHeader("x-acs-dingtalk-access-token", equalTo("TOKEN-1"))
            .withRequestBody(
                equalToJson(
                    "{\"cardTemplateId\":\"tpl-lead-offer.schema\",\"outTrackId\":\"lead-42\","
                        + "\"callbackType\":\"STREAM\",\"openSpaceId\":\"dtv1.card//IM_ROBOT.u1;IM_ROBOT.u2\","
                        + "\"imRobotOpenDeliverModel\":{\"spaceType\":\"IM_ROBOT\",\"robotCode\":\"dingrobot0001\"}}",
                    true,
                    true)));
  }

  @Test
  void an_update_sets_private_data_for_the_winner_only() {
    api.stubFor(put(urlEqualTo("/v1.0/card/instances")).willReturn(okJson("{\"success\":true}")));
    delivered(platform.updateCard("cmd-2", CLAIMED_BY_YOU, List.of(new Address("dingtalk", "u1"))));
    api.verify(
        putRequestedFor(urlEqualTo("/v1.0/card/instances"))
            .withRequestBody(
                equalToJson(
                    "{\"outTrackId\":\"lead-42\",\"privateData\":{\"u1\":{\"cardParamMap\":{\"type\":\"lead_claimed_by_you\"}}}}",
                    true,
                    true)));
  }

  @Test
  void throttling_then_success_delivers_a_text_once() {
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":\"Throttling.Api\",\"message\":\"slow down\"}"))
            .willSetStateTo("ok"));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .inScenario("throttle")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"processQueryKey\":\"PQK\",\"invalidStaffIdList\":[]}")));
    List<Delivery> sent =
        delivered(platform.sendText("cmd-3", "帮助", List.of(new Address("dingtalk", "u1"))));
    assertThat(sent).containsExactly(new Delivery("cmd-3", new Address("dingtalk", "u1"), "PQK"));
    api.verify(2, postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")));
    api.verify(1, postRequestedFor(urlEqualTo("/v1.0/oauth2/accessToken")));
  }

  @Test
  void a_refused_send_is_a_non_retryable_delivery_error() {
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":\"invalidParameter.userIds\",\"message\":\"bad\"}")));
    try {
      delivered(platform.sendText("cmd-4", "x", List.of(new Address("dingtalk", "u1"))));
      throw new AssertionError("expected a ChatDeliveryException");
    } catch (ChatDeliveryException e) {
      assertThat(e.retryable()).isFalse();
      assertThat(e.code()).isEqualTo("invalidParameter.userIds");
    }
  }
}
