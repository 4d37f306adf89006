package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A manager asks for the funnel in the sandbox over HTTP: the REPORT card with the figures lands in
 * their inbox, then the chart's URL on this server, and that URL serves a real PNG.
 */
class ReportFlowTest extends EndToEndSupport {

  private void say(String user, String text) {
    http.post()
        .uri("/sandbox/users/{u}/messages", user)
        .bodyValue(Map.of("text", text))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> elements(Map<String, Object> card) {
    return (List<Map<String, Object>>) card.get("elements");
  }

  @Test
  void funnel_answers_with_a_card_of_figures_and_a_chart_url_that_serves_a_png()
      throws IOException {
    String intakeId =
        submit("{\"name\":\"吕先生\",\"phone\":\"+86 " + randomPhone() + "\",\"region\":\"华东\"}");
    String leadId =
        (String)
            await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
                .get("id");
    // POOLED comes before the offer card reaches the inbox: press only once it is there.
    awaitItem("zhangsan", card("lead-" + leadId, "LEAD_OFFER"));
    act("zhangsan", "lead-" + leadId, "claim", leadId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "初步接触".equals(l.get("stage")));

    say("zhaoliu", "/funnel");

    Map<String, Object> card =
        awaitItem(
            "zhaoliu",
            i -> "REPORT".equals(i.get("type")) && i.get("title").toString().startsWith("销售漏斗"));
    assertThat(card.get("title")).isEqualTo("销售漏斗 · 华东销售一组 · 近30天");
    Map<String, Object> first =
        elements(card).stream()
            .filter(e -> "初步接触".equals(e.get("label")))
            .findFirst()
            .orElseThrow();
    // at least the deal just claimed is in the first stage now and reached it in the period
    assertThat(first.get("value").toString())
        .matches("现有 [1-9][0-9]*（停滞 \\d+）· 到达 [1-9].*")
        .contains("首阶段转化 100.0%");
    assertThat(elements(card)).extracting(e -> e.get("label")).contains("需求诊断", "签约执行");

    Map<String, Object> image =
        awaitItem(
            "zhaoliu",
            i -> "image".equals(i.get("kind")) && i.get("caption").toString().startsWith("销售漏斗"));
    String url = (String) image.get("url");
    assertThat(url).matches("/charts/[0-9a-f]{64}\\.png");

    byte[] png =
        http.get()
            .uri(url)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.IMAGE_PNG)
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(picture).isNotNull();
    assertThat(colours(picture)).as("distinct colours").isGreaterThan(1);
  }

  @Test
  void an_unknown_or_malformed_chart_id_is_a_404_problem() {
    for (String path : List.of("/charts/" + "0".repeat(64) + ".png", "/charts/abc.png")) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo(404)
          .jsonPath("$.detail")
          .value(d -> assertThat(d.toString()).contains("No such chart image"));
    }
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        seen.add(image.getRGB(x, y));
        if (seen.size() > 1) {
          return seen.size();
        }
      }
    }
    return seen.size();
  }
}
