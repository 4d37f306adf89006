package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's WeCom stand-in ({@link Cluster.WecomSends}), which only {@code
 * scripts/faults.sh} runs otherwise: a template card's {@code task_id} is carried out once and
 * refused with 42014 after, a text every time, with and without the late-answer parameter. (Its
 * stub without parameters once answered every send with a 500, and the whole suite timed out.)
 */
class WecomSendsTest {
  private final WireMockServer wecom = PlatformFlows.wireMock(new Cluster.WecomSends());

  @AfterEach
  void stop() {
    wecom.stop();
  }

  private HttpResponse<String> send(String body) {
    return PlatformFlows.send(
        HttpRequest.newBuilder(URI.create(wecom.baseUrl() + Cluster.SEND + "?access_token=T"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String card(String taskId) {
    return "{\"touser\":\"a|b\",\"msgtype\":\"template_card\",\"agentid\":1000002,"
        + "\"template_card\":{\"card_type\":\"button_interaction\",\"task_id\":\""
        + taskId
        + "\",\"main_title\":{\"title\":\"新线索\"}}}";
  }

  @Test
  void a_task_id_is_carried_out_once_and_refused_after() {
    wecom.stubFor(
        post(urlPathEqualTo(Cluster.SEND))
            .willReturn(aResponse().withTransformers(Cluster.WecomSends.NAME)));

    HttpResponse<String> first = send(card("task-1"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"errcode\":0", "\"response_code\":\"RC-SEND-");
    assertThat(send(card("task-1")).body()).contains("\"errcode\":42014");
    assertThat(send(card("task-2")).body()).contains("\"errcode\":0");
    String text = "{\"touser\":\"a\",\"msgtype\":\"text\",\"text\":{\"content\":\"你好\"}}";
    assertThat(send(text).body()).contains("\"errcode\":0");
    assertThat(send(text).body()).contains("\"errcode\":0");
  }

  @Test
  void with_the_delay_parameter_it_answers_late_and_still_carries_out_once() {
    wecom.stubFor(
        post(urlPathEqualTo(Cluster.SEND))
            .willReturn(
                aResponse()
                    .withTransformers(Cluster.WecomSends.NAME)
                    .withTransformerParameter(Cluster.WecomSends.DELAY, 300)));

    HttpResponse<String> first = send(card("task-3"));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"errcode\":0");
    assertThat(send(card("task-3")).body()).contains("\"errcode\":42014");
    assertThat(wecom.getAllServeEvents())
        .allSatisfy(e -> assertThat(e.getTiming().getAddedDelay()).isEqualTo(300));
  }
}
