package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A team with a WeCom group robot ({@code salesbot.teams.east.announce-robot}): a new lead's offer
 * reaches the reps' sandbox inboxes as always and the robot's group as markdown, at WireMock
 * standing in for the webhook; a robot whose key WeCom refuses holds nothing up.
 */
class WecomRobotFlowTest extends EndToEndSupport {
  static final String HOOK = "/cgi-bin/webhook/send";
  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
  static final String EAST_KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sif" + RUN;
  static final String SOUTH_KEY = "0badbad0-7aaa-4bc4-97a0-0ec2sif" + RUN;
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer robots = startRobots();

  private static WireMockServer startRobots() {
    WireMockServer server = PlatformFlows.wireMock();
    server.stubFor(
        post(urlPathEqualTo(HOOK))
            .withQueryParam("key", equalTo(EAST_KEY))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    server.stubFor(
        post(urlPathEqualTo(HOOK))
            .withQueryParam("key", equalTo(SOUTH_KEY))
            .willReturn(okJson("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")));
    return server;
  }

  @DynamicPropertySource
  static void robots(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-wecom-robot");
    registry.add("salesbot.wecom.api-base-url", robots::baseUrl);
    registry.add("salesbot.wecom.group-robots.east-" + RUN + ".key", () -> EAST_KEY);
    registry.add("salesbot.wecom.group-robots.south-" + RUN + ".key", () -> SOUTH_KEY);
    registry.add("salesbot.teams.east.announce-robot", () -> "east-" + RUN);
    registry.add("salesbot.teams.south.announce-robot", () -> "south-" + RUN);
    registry.add("salesbot.ops.target", () -> "wecom-robot:east-" + RUN);
    registry.add("salesbot.ops.interval", () -> "1h");
  }

  @org.springframework.beans.factory.annotation.Autowired io.salesbot.core.ops.OpsAlerts opsAlerts;

  @Test
  void ops_alerts_are_on_for_a_robot_target_and_find_nothing_wrong_here() {
    // Timers live in the PostgreSQL every test context shares, and this context does not poll
    // them (isolate): another test's due timer may read as timer lag here.
    assertThat(opsAlerts.check().block()).filteredOn(c -> !c.equals("timer-lag")).isEmpty();
  }

  private List<String> contents(String key) {
    return robots.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(r -> r.getUrl().contains("key=" + key))
        .map(r -> JSON.readTree(r.getBodyAsString()))
        .map(JsonNode.class::cast)
        .map(
            b -> b.path("msgtype").asString() + "|" + b.path("markdown").path("content").asString())
        .toList();
  }

  @Test
  void a_new_lead_is_announced_to_the_teams_robot_as_markdown_besides_the_reps_cards() {
    String name = "机器人" + RUN + "<@all>";
    submit("{\"name\":\"" + name + "\",\"region\":\"华东\"}");

    String md =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> contents(EAST_KEY).stream().filter(c -> c.contains(RUN)).findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(md).startsWith("markdown|**新线索：机器人" + RUN + "＜@all＞**");
    assertThat(md).doesNotContain("<@all>");
    awaitItem("zhangsan", i -> i.toString().contains("新线索：" + name));
  }

  @Test
  void a_robot_key_wecom_refuses_holds_up_none_of_the_reps_cards() {
    for (String name : List.of("南区甲" + RUN, "南区乙" + RUN)) {
      submit("{\"name\":\"" + name + "\",\"region\":\"华南\"}");
      awaitItem("chenqi", i -> i.toString().contains("新线索：" + name));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> contents(SOUTH_KEY).stream().anyMatch(c -> c.contains(name)));
    }
  }
}
