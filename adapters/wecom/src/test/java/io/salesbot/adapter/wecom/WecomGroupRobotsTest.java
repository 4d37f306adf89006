package io.salesbot.adapter.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group robots at WireMock: the exact webhook call, the 20-a-minute budget, refused keys. */
class WecomGroupRobotsTest {
  static final String HOOK = "/cgi-bin/webhook/send";
  static final String EAST_KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";
  static final String OPS_KEY = "11111111-2222-3333-4444-555555555555";
  static final Address EAST = WecomGroupRobots.address("east");
  static final Address OPS = WecomGroupRobots.address("ops");
  static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
  private WireMockServer wecom;
  private WecomGroupRobots robots;

  @BeforeEach
  void start() {
    wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wecom.start();
    wecom.stubFor(post(urlPathEqualTo(HOOK)).willReturn(okJson(OK)));
    robots =
        new WecomGroupRobots(
            GroupRobotSettings.of(Map.of("east", EAST_KEY, "ops", OPS_KEY))
                .withApiBaseUrl(wecom.baseUrl()),
            new InMemorySendBudgets(clock));
  }

  @AfterEach
  void stop() {
    wecom.stop();
  }

  private static Card offer(String customer) {
    return new Card(
        "lead-1",
        1,
        CardType.values()[0],
        "新线索：" + customer,
        List.of(
            new CardElement.Field("客户", customer),
            new CardElement.Text("备注：**急**\n# 请回电"),
            new CardElement.Note("来源 web")),
        List.of(new CardButton("claim", "领取", "claim:lead-1", CardButton.Style.PRIMARY)));
  }

  @Test
  void posts_a_card_as_escaped_markdown_to_the_robots_webhook_without_buttons() {
    SendOutcome outcome =
        robots.sendCard("offer-1", offer("张三<@all>[x](y)"), List.of(EAST)).block();

    assertThat(outcome).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(outcome.delivered()).extracting(d -> d.recipient()).containsExactly(EAST);
    wecom.verify(
        postRequestedFor(urlPathEqualTo(HOOK))
            .withQueryParam("key", equalTo(EAST_KEY))
            .withRequestBody(
                equalToJson(
                    "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":"
                        + "\"**新线索：张三＜@all＞［x］(y)**\\n"
                        + "> 客户：张三＜@all＞［x］(y)\\n"
                        + "备注：＊＊急＊＊ ＃ 请回电\\n"
                        + "<font color=\\\"comment\\\">来源 web</font>\"}}")));
  }

  @Test
  void a_card_update_is_not_sent_to_a_robot() {
    SendOutcome outcome = robots.updateCard("offer-1-u", offer("张三"), List.of(EAST)).block();

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered(List.of()));
    assertThat(wecom.getAllServeEvents()).isEmpty();
  }

  @Test
  void a_robot_sends_at_most_20_messages_in_any_minute_and_the_others_wait() {
    List<Instant> sentAt = new java.util.ArrayList<>();
    int refusals = 0;
    for (int i = 0; sentAt.size() < 60; i++) {
      SendOutcome outcome = robots.sendText("t" + i, "第" + i + "条", List.of(EAST)).block();
      if (outcome instanceof SendOutcome.Later later) {
        refusals++;
        assertThat(later.why()).isEqualTo(SendOutcome.Wait.SEND_BUDGET);
        assertThat(later.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(later.delivered()).isEmpty();
        if (refusals == 1) {
          // Another robot has its own budget.
          assertThat(robots.sendText("o", "另一个群", List.of(OPS)).block())
              .isInstanceOf(SendOutcome.Delivered.class);
        }
        clock.advance(later.retryAfter());
      } else {
        sentAt.add(clock.instant());
      }
    }

    assertThat(refusals).isPositive();
    for (Instant from : sentAt) {
      long inWindow =
          sentAt.stream()
              .filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(60)))
              .count();
      assertThat(inWindow).as("messages in the minute from %s", from).isLessThanOrEqualTo(20);
    }
    wecom.verify(
        60, postRequestedFor(urlPathEqualTo(HOOK)).withQueryParam("key", equalTo(EAST_KEY)));
  }

  @Test
  void a_key_wecom_refuses_is_reported_once_and_its_messages_dropped() {
    wecom.stubFor(
        post(urlPathEqualTo(HOOK))
            .withQueryParam("key", equalTo(EAST_KEY))
            .willReturn(okJson("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")));

    SendOutcome first = robots.sendText("a", "一", List.of(EAST, OPS)).block();
    SendOutcome second = robots.sendText("b", "二", List.of(EAST)).block();

    assertThat(first).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(first.delivered()).extracting(d -> d.recipient()).containsExactly(OPS);
    assertThat(second).isEqualTo(new SendOutcome.Delivered(List.of()));
    assertThat(robots.reported()).containsExactly("east/93000");
  }

  @Test
  void throttling_waits_a_minute_and_an_outage_is_a_retryable_failure() {
    wecom.stubFor(
        post(urlPathEqualTo(HOOK))
            .willReturn(okJson("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")));
    SendOutcome throttled = robots.sendText("a", "一", List.of(EAST)).block();
    assertThat(throttled).isInstanceOf(SendOutcome.Later.class);
    assertThat(((SendOutcome.Later) throttled).why()).isEqualTo(SendOutcome.Wait.API_BUSY);
    assertThat(((SendOutcome.Later) throttled).retryAfter()).isEqualTo(Duration.ofMinutes(1));

    wecom.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(502)));
    assertThatThrownBy(() -> robots.sendText("b", "二", List.of(EAST)).block())
        .isInstanceOfSatisfying(
            ChatDeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(robots.reported()).isEmpty();
  }

  @Test
  void an_unconfigured_robot_is_dropped_without_a_call() {
    SendOutcome outcome =
        robots.sendText("a", "一", List.of(WecomGroupRobots.address("west"))).block();

    assertThat(outcome).isEqualTo(new SendOutcome.Delivered(List.of()));
    assertThat(wecom.getAllServeEvents()).isEmpty();
    assertThat(robots.reported()).containsExactly("west/unknown");
  }

  @Test
  void settings_name_the_robot_whose_key_is_wrong() {
    assertThatThrownBy(() -> GroupRobotSettings.of(Map.of("east", " ")))
        .hasMessageContaining("group-robots.east.key");
    assertThatThrownBy(
            () ->
                GroupRobotSettings.of(
                    Map.of(
                        "east",
                        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + EAST_KEY)))
        .hasMessageContaining("group-robots.east.key must be only the key");
    assertThatThrownBy(() -> GroupRobotSettings.of(Map.of("east", "short")))
        .hasMessageContaining("group-robots.east.key does not look like a webhook key");
    assertThatThrownBy(() -> GroupRobotSettings.of(Map.of("east", EAST_KEY, "west", EAST_KEY)))
        .hasMessageContaining("is the same key as");
    assertThatThrownBy(() -> GroupRobotSettings.of(Map.of("East Sales", EAST_KEY)))
        .hasMessageContaining("group-robots.East Sales");
    assertThat(GroupRobotSettings.of(Map.of("east", EAST_KEY)).toString()).doesNotContain(EAST_KEY);
  }

  @Test
  void markdown_is_cut_to_wecoms_byte_limit_on_a_character_boundary() {
    String md = RobotMarkdown.text("线".repeat(2000));

    assertThat(md.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RobotMarkdown.MAX_BYTES);
    assertThat(md).endsWith("线…");
  }
}
