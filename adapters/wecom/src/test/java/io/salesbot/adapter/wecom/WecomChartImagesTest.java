package io.salesbot.adapter.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryChartImages;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chart images on WeCom: uploaded as media, then an image message, at WireMock. */
class WecomChartImagesTest {
  static final String UPLOAD = "/cgi-bin/media/upload";
  static final String SEND = "/cgi-bin/message/send";
  static final Address ZHANGSAN = new Address("wecom", "ZhangSan");
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

  static WireMockServer wecom;

  private final InMemoryChartImages images = new InMemoryChartImages();
  private ChatPlatform platform;
  private WecomAdapterConfiguration configuration;

  @BeforeAll
  static void start() {
    wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wecom.start();
  }

  @AfterAll
  static void stop() {
    wecom.stop();
  }

  @BeforeEach
  void reset() {
    wecom.resetAll();
    wecom.stubFor(
        get(urlPathEqualTo("/cgi-bin/gettoken"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN-1\",\"expires_in\":7200}")));
    wecom.stubFor(
        post(urlPathEqualTo(UPLOAD))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"\",\"type\":\"image\",\"media_id\":\"MEDIA-1\",\"created_at\":\"1380000000\"}")));
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":\"MSG-IMG\"}")));
    configuration =
        new WecomAdapterConfiguration(
            Payloads.settings(wecom.baseUrl()).withRetry(3, Duration.ofMillis(10)),
            new InMemoryInboundQueue(),
            new InMemoryCardReferences(),
            new InMemoryAccessTokens(),
            Payloads.CLOCK);
    platform = configuration.platform(images);
  }

  @Test
  void uploads_the_png_as_image_media_then_sends_an_image_message_with_its_media_id() {
    images.put("img-1", PNG, Payloads.CLOCK.instant()).block();

    List<Delivery> sent =
        delivered(platform.sendImage("chart-1", "img-1", "销售漏斗", List.of(ZHANGSAN)));

    assertThat(sent).containsExactly(new Delivery("chart-1", ZHANGSAN, "MSG-IMG"));
    wecom.verify(
        postRequestedFor(urlPathEqualTo(UPLOAD))
            .withQueryParam("access_token", equalTo("TOKEN-1"))
            .withQueryParam("type", equalTo("image"))
            .withAnyRequestBodyPart(aMultipart().withName("media").withBody(binaryEqualTo(PNG))));
    wecom.verify(
        postRequestedFor(urlPathEqualTo(SEND))
            .withQueryParam("access_token", equalTo("TOKEN-1"))
            .withRequestBody(
                equalToJson(
                    "{\"touser\":\"ZhangSan\",\"msgtype\":\"image\",\"agentid\":"
                        + Payloads.settings(wecom.baseUrl()).sender().agentId()
                        + ",\"image\":{\"media_id\":\"MEDIA-1\"},\"enable_duplicate_check\":1"
                        + ",\"duplicate_check_interval\":14400}")));
  }

  @Test
  void an_image_sent_again_reuses_its_media_id_so_the_duplicate_check_can_drop_the_repeat() {
    images.put("img-1", PNG, Payloads.CLOCK.instant()).block();
    images.put("img-2", PNG, Payloads.CLOCK.instant()).block();

    delivered(platform.sendImage("chart-1", "img-1", "销售漏斗", List.of(ZHANGSAN)));
    // the redelivery of the same command (its first answer never came), and another wrapper of
    // the same configuration, as each outbox worker gets
    delivered(platform.sendImage("chart-1", "img-1", "销售漏斗", List.of(ZHANGSAN)));
    delivered(
        configuration.platform(images).sendImage("chart-1", "img-1", "销售漏斗", List.of(ZHANGSAN)));

    assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo(UPLOAD)))).hasSize(1);
    List<String> sends =
        wecom.findAll(postRequestedFor(urlPathEqualTo(SEND))).stream()
            .map(r -> r.getBodyAsString())
            .toList();
    assertThat(sends).hasSize(3).allMatch(b -> b.equals(sends.get(0)));

    // another image is uploaded for itself
    delivered(platform.sendImage("chart-2", "img-2", "销售漏斗", List.of(ZHANGSAN)));
    assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo(UPLOAD)))).hasSize(2);
  }

  @Test
  void an_image_that_is_gone_sends_nothing_and_calls_nothing() {
    List<Delivery> sent =
        delivered(platform.sendImage("chart-2", "purged", "销售漏斗", List.of(ZHANGSAN)));

    assertThat(sent).isEmpty();
    assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo(UPLOAD)))).isEmpty();
    assertThat(wecom.findAll(postRequestedFor(urlPathEqualTo(SEND)))).isEmpty();
  }

  @Test
  void texts_and_cards_still_go_through_the_wrapped_platform() {
    assertThat(platform.id()).isEqualTo("wecom");
    assertThat(delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN))))
        .containsExactly(new Delivery("t-1", ZHANGSAN, "MSG-IMG"));
  }
}
