package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static io.salesbot.core.testing.RecordingChatPlatform.later;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryChartImages;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Chart images on DingTalk: a robot markdown message pointing at salesbot's image URL. */
class DingtalkChartImagesTest {
  private static final Address U1 = new Address("dingtalk", "u1");
  private static final Address GROUP = Address.group("dingtalk", "cidGr0upEast==");
  private static final String BASE = "https://salesbot.example.com";
  private static final String IMAGE = "3f".repeat(32);

  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryChartImages images = new InMemoryChartImages();
  private DingtalkAdapterConfiguration dingtalk;

  @BeforeEach
  void start() {
    api.start();
    api.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .willReturn(okJson("{\"processQueryKey\":\"PQK\"}")));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/groupMessages/send"))
            .willReturn(okJson("{\"processQueryKey\":\"GQK\"}")));
    dingtalk =
        new DingtalkAdapterConfiguration(
            Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.STREAM)
                .withRetry(3, Duration.ofMillis(1)),
            new InMemoryInboundQueue(),
            new InMemoryAccessTokens(),
            new InMemorySendBudgets(clock),
            clock);
    images.put(IMAGE, new byte[] {(byte) 0x89, 'P', 'N', 'G'}, clock.instant()).block();
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  private ChatPlatform platform(@Nullable String base) {
    return dingtalk.platform(images, base);
  }

  /** The robot API's msgParam for the chart: the caption escaped in the alt text, the image URL. */
  private static String markdownParam(String title, String text) {
    ObjectNode param = DingtalkEvents.JSON.createObjectNode();
    param.put("title", title);
    param.put("text", text);
    return DingtalkEvents.JSON.writeValueAsString(param);
  }

  @Test
  void a_chart_goes_to_a_person_as_a_markdown_image_at_the_public_url() {
    List<Delivery> sent =
        delivered(platform(BASE).sendImage("chart-1", IMAGE, "销售漏斗 [华东]", List.of(U1)));

    assertThat(sent).containsExactly(new Delivery("chart-1", U1, "PQK"));
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("robotCode", "dingrobot0001");
    body.putArray("userIds").add("u1");
    body.put("msgKey", "sampleMarkdown");
    body.put(
        "msgParam",
        markdownParam("销售漏斗 [华东]", "![销售漏斗 ［华东］](" + BASE + "/charts/" + IMAGE + ".png)"));
    api.verify(
        1,
        postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .withRequestBody(equalToJson(DingtalkEvents.JSON.writeValueAsString(body))));
  }

  @Test
  void a_chart_goes_to_a_group_through_the_group_send() {
    List<Delivery> sent =
        delivered(platform(BASE).sendImage("chart-2", IMAGE, "销售漏斗", List.of(GROUP)));

    assertThat(sent).containsExactly(new Delivery("chart-2", GROUP, "GQK"));
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/robot/groupMessages/send"))
            .withRequestBody(
                equalToJson(
                    "{\"openConversationId\":\"cidGr0upEast==\",\"msgKey\":\"sampleMarkdown\","
                        + "\"msgParam\":"
                        + DingtalkEvents.JSON.writeValueAsString(
                            markdownParam("销售漏斗", "![销售漏斗](" + BASE + "/charts/" + IMAGE + ".png)"))
                        + "}",
                    true,
                    true)));
  }

  @Test
  void without_a_public_base_url_nothing_is_sent() {
    assertThat(delivered(platform(null).sendImage("chart-3", IMAGE, "销售漏斗", List.of(U1, GROUP))))
        .isEmpty();

    api.verify(0, postRequestedFor(urlMatching("/v1\\.0/robot/.*")));
  }

  @Test
  void a_purged_image_sends_nothing() {
    assertThat(delivered(platform(BASE).sendImage("chart-4", "9a".repeat(32), "销售漏斗", List.of(U1))))
        .isEmpty();

    api.verify(0, postRequestedFor(urlMatching("/v1\\.0/robot/.*")));
  }

  @Test
  void a_chart_waits_like_a_text_when_the_persons_budget_is_spent() {
    ChatPlatform platform = platform(BASE);
    for (int i = 0; i < 100; i++) {
      if (platform.sendText("spend-" + i, "x", List.of(U1)).block() instanceof SendOutcome.Later) {
        break;
      }
    }

    SendOutcome.Later later = later(platform.sendImage("chart-5", IMAGE, "销售漏斗", List.of(U1)));

    assertThat(later.why()).isEqualTo(SendOutcome.Wait.SEND_BUDGET);
    assertThat(later.delivered()).isEmpty();
    api.verify(
        0,
        postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .withRequestBody(equalToJson("{\"msgKey\":\"sampleMarkdown\"}", true, true)));
  }
}
