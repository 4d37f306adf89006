package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.stage.MediaSource;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Robot {@code picture}/{@code file} messages become media messages with their {@code
 * downloadCode}; the download exchanges it at {@code /v1.0/robot/messageFiles/download} for a
 * {@code downloadUrl} and reads that, bounded — WireMock standing in for DingTalk and its file
 * host.
 */
class DingtalkMediaTest {
  static WireMockServer dingtalk;
  private MediaSource media;

  @BeforeAll
  static void start() {
    dingtalk = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    dingtalk.start();
  }

  @AfterAll
  static void stop() {
    dingtalk.stop();
  }

  @BeforeEach
  void reset() {
    dingtalk.resetAll();
    dingtalk.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    media =
        new DingtalkAdapterConfiguration(
                Payloads.settings(dingtalk.baseUrl(), DingtalkSettings.Mode.HTTP)
                    .withRetry(2, Duration.ofMillis(10)),
                new InMemoryInboundQueue(),
                new InMemoryAccessTokens(),
                Payloads.CLOCK)
            .media();
  }

  private static MediaMessage message(String json) {
    return (MediaMessage)
        DingtalkEvents.botMessage(DingtalkEvents.parse(json), Payloads.CLOCK.instant());
  }

  @Test
  void picture_and_file_messages_carry_their_download_code() {
    MediaMessage picture =
        message(
            "{\"msgId\":\"m1\",\"msgtype\":\"picture\",\"senderStaffId\":\"user01\","
                + "\"conversationType\":\"1\",\"content\":{\"downloadCode\":\"CODE-1\"}}");
    assertThat(picture.kind()).isEqualTo(MediaMessage.Media.PHOTO);
    assertThat(picture.media()).isEqualTo("CODE-1");
    assertThat(picture.user()).isEqualTo(new Address("dingtalk", "user01"));
    assertThat(picture.eventId()).isEqualTo("dingtalk-msg-m1");
    MediaMessage file =
        message(
            "{\"msgId\":\"m2\",\"msgtype\":\"file\",\"senderStaffId\":\"user01\","
                + "\"conversationType\":\"1\",\"content\":{\"downloadCode\":\"CODE-2\","
                + "\"fileName\":\"方案.pdf\"}}");
    assertThat(file.kind()).isEqualTo(MediaMessage.Media.FILE);
    assertThat(file.fileName()).isEqualTo("方案.pdf");
    assertThat(
            DingtalkEvents.botMessage(
                DingtalkEvents.parse(
                    "{\"msgId\":\"m3\",\"msgtype\":\"picture\",\"senderStaffId\":\"user01\","
                        + "\"content\":{}}"),
                Payloads.CLOCK.instant()))
        .isInstanceOf(InboundEvent.Unsupported.class);
  }

  @Test
  void downloads_through_the_robot_file_api_and_the_temporary_link() {
    byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    dingtalk.stubFor(
        post(urlPathEqualTo(DingtalkMedia.DOWNLOAD))
            .willReturn(okJson("{\"downloadUrl\":\"" + dingtalk.baseUrl() + "/oss/abc.file\"}")));
    dingtalk.stubFor(
        get(urlPathEqualTo("/oss/abc.file")).willReturn(aResponse().withStatus(200).withBody(png)));

    MediaSource.Fetch fetch =
        media
            .fetch(
                message(
                    "{\"msgId\":\"m1\",\"msgtype\":\"picture\",\"senderStaffId\":\"user01\","
                        + "\"content\":{\"downloadCode\":\"CODE-1\"}}"),
                1024)
            .block();

    assertThat(fetch).isInstanceOf(MediaSource.Fetch.Got.class);
    assertThat(((MediaSource.Fetch.Got) fetch).bytes()).isEqualTo(png);
    dingtalk.verify(
        postRequestedFor(urlPathEqualTo(DingtalkMedia.DOWNLOAD))
            .withHeader("x-acs-dingtalk-access-token", equalTo("TOKEN-1"))
            .withRequestBody(
                equalToJson("{\"downloadCode\":\"CODE-1\",\"robotCode\":\"dingrobot0001\"}")));
    dingtalk.verify(getRequestedFor(urlPathEqualTo("/oss/abc.file")));
  }

  @Test
  void a_file_over_the_limit_is_too_large_and_a_refused_code_is_gone() {
    dingtalk.stubFor(
        post(urlPathEqualTo(DingtalkMedia.DOWNLOAD))
            .withRequestBody(equalToJson("{\"downloadCode\":\"BIG\"}", true, true))
            .willReturn(okJson("{\"downloadUrl\":\"" + dingtalk.baseUrl() + "/oss/big.file\"}")));
    dingtalk.stubFor(
        get(urlPathEqualTo("/oss/big.file"))
            .willReturn(aResponse().withStatus(200).withBody(new byte[5000])));
    dingtalk.stubFor(
        post(urlPathEqualTo(DingtalkMedia.DOWNLOAD))
            .withRequestBody(equalToJson("{\"downloadCode\":\"BAD\"}", true, true))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":\"invalidParameter.robotCode.auth\",\"message\":\"此downloadCode和机器人robotCode不匹配\"}")));

    assertThat(
            media
                .fetch(
                    message(
                        "{\"msgId\":\"m1\",\"msgtype\":\"file\",\"senderStaffId\":\"user01\","
                            + "\"content\":{\"downloadCode\":\"BIG\",\"fileName\":\"a.pdf\"}}"),
                    1024)
                .block())
        .isInstanceOf(MediaSource.Fetch.TooLarge.class);
    assertThat(
            media
                .fetch(
                    message(
                        "{\"msgId\":\"m2\",\"msgtype\":\"file\",\"senderStaffId\":\"user01\","
                            + "\"content\":{\"downloadCode\":\"BAD\",\"fileName\":\"a.pdf\"}}"),
                    1024)
                .block())
        .isInstanceOf(MediaSource.Fetch.Gone.class);
  }
}
