package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DingTalk's error answers (doc 服务端API 错误码 and 调用频次与限流): throttling is retried, errcode 88 drops
 * the token only for its token sub codes, and {@code /v1.0/card/instances/deliver}'s {@code result}
 * array is read so that a failed delivery is not counted.
 */
class DingtalkErrorsTest {
  private static final Address U1 = new Address("dingtalk", "u1");
  private static final Address U2 = new Address("dingtalk", "u2");

  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private final InMemoryAccessTokens tokens = new InMemoryAccessTokens();
  private DingtalkSettings settings;
  private DingtalkPlatform platform;

  @BeforeEach
  void start() {
    api.start();
    api.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    settings =
        Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.STREAM)
            .withRetry(3, Duration.ofMillis(1));
    platform =
        (DingtalkPlatform)
            new DingtalkAdapterConfiguration(
                    settings,
                    new io.salesbot.core.testing.InMemoryInboundQueue(),
                    tokens,
                    Payloads.CLOCK)
                .platform();
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @ParameterizedTest
  @CsvSource({
    "400, '{\"code\":\"send.too.fast\",\"message\":\"发送消息频率过快\"}'",
    "400, '{\"code\":\"send.byToken.tooFast\",\"message\":\"用TOKEN发送限流错误\"}'",
    "400, '{\"code\":\"too.many.group\",\"message\":\"发送频繁限流\"}'",
    "400, '{\"code\":\"too.many.people\",\"message\":\"发送频繁限流\"}'",
    "403, '{\"code\":\"Forbidden.AccessDenied.QpmLimitForAppkeyAndApi\",\"message\":\"qpm\"}'",
    "403, '{\"code\":\"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi\",\"message\":\"qps\"}'",
    "200, '{\"errcode\":90018,\"errmsg\":\"qps\"}'",
    "200, '{\"errcode\":410100,\"errmsg\":\"send too fast\"}'",
    "200, '{\"errcode\":130101,\"errmsg\":\"send too fast\"}'"
  })
  void a_throttling_answer_is_retried_and_the_text_delivered_once(int status, String answer) {
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(answer))
            .willSetStateTo("ok"));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .inScenario("throttle")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"processQueryKey\":\"PQK\"}")));

    List<Delivery> sent = delivered(platform.sendText("cmd-1", "x", List.of(U1)));

    assertThat(sent).containsExactly(new Delivery("cmd-1", U1, "PQK"));
    api.verify(2, postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")));
  }

  private DingtalkApi api() {
    return new DingtalkApi(
        settings,
        tokens,
        Payloads.CLOCK,
        new DingtalkBudgets(DingtalkBudgets.unlimited(), Payloads.CLIENT_ID),
        null);
  }

  @Test
  void errcode_88_drops_the_token_only_for_a_token_sub_code() {
    DingtalkApi dingtalk = api();
    api.stubFor(
        post(urlPathEqualTo("/topapi/v2/department/get"))
            .willReturn(
                okJson(
                    "{\"errcode\":88,\"errmsg\":\"鉴权异常\",\"sub_code\":\"60011\","
                        + "\"sub_msg\":\"no permission\"}")));
    assertThatThrownBy(
            () ->
                dingtalk
                    .oapi(
                        api.baseUrl(),
                        "/topapi/v2/department/get",
                        DingtalkEvents.JSON.createObjectNode())
                    .block())
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("88.60011");
              assertThat(e.retryable()).isFalse();
            });
    assertThat(tokens.get("dingtalk:" + Payloads.CLIENT_ID).block())
        .as("a permission problem is not the token's")
        .isNotNull();

    api.stubFor(
        post(urlPathEqualTo("/topapi/v2/department/get"))
            .willReturn(
                okJson(
                    "{\"errcode\":88,\"errmsg\":\"鉴权异常\",\"sub_code\":\"40014\","
                        + "\"sub_msg\":\"不合法的access_token\"}")));
    assertThatThrownBy(
            () ->
                dingtalk
                    .oapi(
                        api.baseUrl(),
                        "/topapi/v2/department/get",
                        DingtalkEvents.JSON.createObjectNode())
                    .block())
        .isInstanceOf(ChatDeliveryException.class);
    assertThat(tokens.get("dingtalk:" + Payloads.CLIENT_ID).block())
        .as("an invalid token is dropped")
        .isNull();
  }

  @Test
  void a_failed_delivery_in_the_deliver_result_array_is_not_counted() {
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":\"param.outTrackIdExists\",\"message\":\"exists\"}")));
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/deliver"))
            .willReturn(
                okJson(
                    "{\"success\":true,\"result\":["
                        + "{\"spaceType\":\"IM_ROBOT\",\"spaceId\":\"u1\",\"success\":true},"
                        + "{\"spaceType\":\"IM_ROBOT\",\"spaceId\":\"u2\",\"success\":false,"
                        + "\"errorMsg\":\"system error\"}]}")));

    List<Delivery> sent =
        delivered(platform.sendCard("offer-42", DingtalkPlatformTest.OFFER, List.of(U1, U2)));

    assertThat(sent).containsExactly(new Delivery("offer-42", U1, "lead-42"));
  }
}
