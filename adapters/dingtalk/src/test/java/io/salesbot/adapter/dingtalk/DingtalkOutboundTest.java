package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static io.salesbot.core.testing.RecordingChatPlatform.later;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk outbound against WireMock: replies through the session webhook or the robot API, group
 * sends, cluster-wide send budgets (in memory here, by a clock the test moves) and throttling.
 */
class DingtalkOutboundTest {
  private static final Address U1 = new Address("dingtalk", "u1");
  private static final Address U2 = new Address("dingtalk", "u2");
  private static final Address GROUP = Address.group("dingtalk", "cidGr0upEast==");

  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryAccessTokens tokens = new InMemoryAccessTokens();
  private DingtalkPlatform platform;
  private SessionWebhooks webhooks;

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
    api.stubFor(
        post(urlPathEqualTo("/robot/sendBySession"))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    DingtalkSettings settings =
        Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.STREAM)
            .withRetry(3, Duration.ofMillis(1));
    platform =
        (DingtalkPlatform)
            new DingtalkAdapterConfiguration(
                    settings,
                    new InMemoryInboundQueue(),
                    tokens,
                    new InMemorySendBudgets(clock),
                    clock)
                .platform();
    webhooks = new SessionWebhooks(tokens, clock, Payloads.CLIENT_ID, api.baseUrl());
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  /** A robot message that arrived now, with a webhook valid for an hour. */
  private String received(String msgId, boolean inGroup) {
    ObjectNode m = DingtalkEvents.JSON.createObjectNode();
    m.put("msgId", msgId);
    m.put("senderStaffId", "u1");
    m.put("msgtype", "text");
    m.putObject("text").put("content", "/help");
    m.put("conversationType", inGroup ? "2" : "1");
    m.put("conversationId", "cidGr0upEast==");
    m.put("sessionWebhook", api.baseUrl() + "/robot/sendBySession?session=" + msgId);
    m.put("sessionWebhookExpiredTime", clock.instant().plus(Duration.ofHours(1)).toEpochMilli());
    InboundEvent event = DingtalkEvents.botMessage(m, clock.instant());
    webhooks.remember(m, event).block();
    return "reply-" + event.eventId();
  }

  // --- replies

  @Test
  void a_reply_goes_to_the_session_webhook_while_it_is_valid() {
    String command = received("m1", false);
    List<Delivery> sent = delivered(platform.sendText(command, "可用命令", List.of(U1)));

    assertThat(sent).containsExactly(new Delivery(command, U1, "session-webhook"));
    api.verify(
        postRequestedFor(urlEqualTo("/robot/sendBySession?session=m1"))
            .withHeader("x-acs-dingtalk-access-token", absent())
            .withRequestBody(
                equalToJson(
                    "{\"msgUuid\":\""
                        + DingtalkPlatform.messageUuid(command)
                        + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"可用命令\"}}")));
    api.verify(0, postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")));
  }

  /**
   * DingTalk documents {@code msgUuid} as a webhook message's idempotency key (doc 0717): a retry
   * of the same reply — the fence's, after a timeout, or the outbox's — carries the same one, the
   * reply to another message with the same words another one.
   */
  @Test
  void a_webhook_reply_carries_its_commands_idempotency_key_on_every_try() {
    String command = received("m11", false);
    String other = received("m12", false);
    delivered(platform.sendText(command, "公海暂无线索", List.of(U1)));
    delivered(platform.sendText(command, "公海暂无线索", List.of(U1)));
    delivered(platform.sendText(other, "公海暂无线索", List.of(U1)));

    List<String> first =
        api.findAll(postRequestedFor(urlEqualTo("/robot/sendBySession?session=m11"))).stream()
            .map(r -> DingtalkEvents.parse(r.getBodyAsString()).path("msgUuid").asString())
            .toList();
    String second =
        DingtalkEvents.parse(
                api.findAll(postRequestedFor(urlEqualTo("/robot/sendBySession?session=m12")))
                    .get(0)
                    .getBodyAsString())
            .path("msgUuid")
            .asString();
    assertThat(first).hasSize(2).containsOnly(DingtalkPlatform.messageUuid(command));
    assertThat(first.get(0)).matches("[0-9a-f]{20}");
    assertThat(second).isNotEqualTo(first.get(0));
  }

  @Test
  void an_expired_webhook_means_the_robot_1_to_1_send() {
    String command = received("m2", false);
    clock.advance(Duration.ofHours(1));

    List<Delivery> sent = delivered(platform.sendText(command, "可用命令", List.of(U1)));

    assertThat(sent).containsExactly(new Delivery(command, U1, "PQK"));
    api.verify(0, postRequestedFor(urlPathEqualTo("/robot/sendBySession")));
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .withHeader("x-acs-dingtalk-access-token", equalTo("TOKEN-1"))
            .withRequestBody(
                equalToJson(
                    "{\"robotCode\":\"dingrobot0001\",\"userIds\":[\"u1\"],\"msgKey\":\"sampleText\","
                        + "\"msgParam\":\"{\\\"content\\\":\\\"可用命令\\\"}\"}")));
  }

  @Test
  void a_reply_of_several_lines_is_markdown_through_the_webhook_and_the_robot_api() {
    String lines = "我的线索（2）\n#a1 王先生 · 待联系\n#b2 李女士 · 已联系";
    String command = received("m9", false);
    delivered(platform.sendText(command, lines, List.of(U1)));
    clock.advance(Duration.ofHours(1)); // the webhook has expired: the robot API instead
    delivered(platform.sendText(command, lines, List.of(U1)));

    // Each line escaped as text: "#" would start a heading.
    String markdown = "我的线索（2）\n\n＃a1 王先生 · 待联系\n\n＃b2 李女士 · 已联系";
    api.verify(
        postRequestedFor(urlEqualTo("/robot/sendBySession?session=m9"))
            .withRequestBody(
                equalToJson(
                    "{\"msgUuid\":\""
                        + DingtalkPlatform.messageUuid(command)
                        + "\",\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"我的线索（2）\","
                        + "\"text\":"
                        + DingtalkEvents.JSON.writeValueAsString(markdown)
                        + "}}")));
    JsonNode param =
        DingtalkEvents.parse(
            DingtalkEvents.parse(
                    api.findAll(postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")))
                        .get(0)
                        .getBodyAsString())
                .path("msgParam")
                .asString());
    assertThat(param.path("title").asString()).isEqualTo("我的线索（2）");
    assertThat(param.path("text").asString()).isEqualTo(markdown);
  }

  @Test
  void a_reply_into_a_group_uses_the_group_send_once_the_webhook_expired() {
    String command = received("m3", true);
    List<Delivery> viaWebhook = delivered(platform.sendText(command, "好的", List.of(GROUP)));
    assertThat(viaWebhook).containsExactly(new Delivery(command, GROUP, "session-webhook"));
    // In the group the reply @-mentions whoever asked, in the text and in at.atUserIds.
    api.verify(
        postRequestedFor(urlEqualTo("/robot/sendBySession?session=m3"))
            .withRequestBody(
                equalToJson(
                    "{\"msgUuid\":\""
                        + DingtalkPlatform.messageUuid(command)
                        + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"@u1 好的\"},"
                        + "\"at\":{\"atUserIds\":[\"u1\"],\"isAtAll\":false}}")));

    String later = received("m4", true);
    clock.advance(Duration.ofMinutes(61));
    List<Delivery> sent = delivered(platform.sendText(later, "好的", List.of(GROUP)));

    assertThat(sent).containsExactly(new Delivery(later, GROUP, "GQK"));
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/robot/groupMessages/send"))
            .withRequestBody(
                equalToJson(
                    "{\"robotCode\":\"dingrobot0001\",\"openConversationId\":\"cidGr0upEast==\","
                        + "\"msgKey\":\"sampleText\",\"msgParam\":\"{\\\"content\\\":\\\"好的\\\"}\"}")));
    api.verify(0, postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")));
  }

  @Test
  void a_reply_of_several_lines_in_a_group_mentions_the_asker_in_markdown() {
    String command = received("m10", true);
    delivered(platform.sendText(command, "我的线索（1）\n#a1 王先生 · 待联系", List.of(GROUP)));

    api.verify(
        postRequestedFor(urlEqualTo("/robot/sendBySession?session=m10"))
            .withRequestBody(
                equalToJson(
                    "{\"msgUuid\":\""
                        + DingtalkPlatform.messageUuid(command)
                        + "\",\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"我的线索（1）\","
                        + "\"text\":\"@u1 我的线索（1）\\n\\n＃a1 王先生 · 待联系\"},"
                        + "\"at\":{\"atUserIds\":[\"u1\"],\"isAtAll\":false}}")));
  }

  @Test
  void a_refused_webhook_falls_back_to_the_robot_api() {
    String command = received("m5", false);
    api.stubFor(
        post(urlEqualTo("/robot/sendBySession?session=m5"))
            .willReturn(okJson("{\"errcode\":300001,\"errmsg\":\"session expired\"}")));

    List<Delivery> sent = delivered(platform.sendText(command, "x", List.of(U1)));

    assertThat(sent).containsExactly(new Delivery(command, U1, "PQK"));
  }

  // --- groups

  @Test
  void a_card_for_a_group_is_delivered_into_the_group_space() {
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(okJson("{\"success\":true,\"result\":{\"outTrackId\":\"lead-42\"}}")));

    List<Delivery> sent =
        delivered(platform.sendCard("offer-42", DingtalkPlatformTest.OFFER, List.of(GROUP)));

    assertThat(sent).containsExactly(new Delivery("offer-42", GROUP, "lead-42"));
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .withRequestBody(
                equalToJson(
                    "{\"outTrackId\":\"lead-42\","
                        + "\"openSpaceId\":\"dtv1.card//IM_GROUP.cidGr0upEast==\","
                        + "\"imGroupOpenSpaceModel\":{\"supportForward\":false},"
                        + "\"imGroupOpenDeliverModel\":{\"robotCode\":\"dingrobot0001\"}}",
                    true,
                    true)));
  }

  @Test
  void an_existing_card_instance_is_delivered_instead_of_created_again() {
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":\"param.outTrackIdExists\",\"message\":\"exists\"}")));
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/deliver"))
            .willReturn(okJson("{\"success\":true,\"result\":[]}")));

    List<Delivery> sent =
        delivered(platform.sendCard("offer-42", DingtalkPlatformTest.OFFER, List.of(U2)));

    assertThat(sent).containsExactly(new Delivery("offer-42", U2, "lead-42"));
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/card/instances/deliver"))
            .withRequestBody(
                equalToJson(
                    "{\"outTrackId\":\"lead-42\",\"openSpaceId\":\"dtv1.card//IM_ROBOT.u2\","
                        + "\"imRobotOpenDeliverModel\":{\"spaceType\":\"IM_ROBOT\","
                        + "\"robotCode\":\"dingrobot0001\"},\"userIdType\":1}")));
  }

  @Test
  void an_update_for_a_group_changes_the_public_data_and_each_person_gets_private_data() {
    api.stubFor(put(urlEqualTo("/v1.0/card/instances")).willReturn(okJson("{\"success\":true}")));
    delivered(
        platform.updateCard("claimed-42", DingtalkPlatformTest.CLAIMED_BY_YOU, List.of(GROUP, U1)));
    api.verify(
        putRequestedFor(urlEqualTo("/v1.0/card/instances"))
            .withRequestBody(
                equalToJson(
                    "{\"outTrackId\":\"lead-42\","
                        + "\"cardData\":{\"cardParamMap\":{\"type\":\"lead_claimed_by_you\"}},"
                        + "\"privateData\":{\"u1\":{\"cardParamMap\":{\"type\":\"lead_claimed_by_you\"}}}}",
                    true,
                    true)));
  }

  // --- budgets

  @Test
  void a_burst_to_one_person_never_exceeds_the_budget_at_dingtalk() {
    List<Instant> sentAt = new ArrayList<>();
    int deferred = 0;
    // One new text a second for three minutes, each retried when the budget says so.
    List<String> waiting = new ArrayList<>();
    for (int second = 0; second < 180; second++) {
      waiting.add("notice-" + second);
      List<String> still = new ArrayList<>();
      for (String command : waiting) {
        SendOutcome outcome = platform.sendText(command, "新线索", List.of(U1)).block();
        if (outcome instanceof SendOutcome.Later e) {
          assertThat(e.delivered()).isEmpty();
          assertThat(e.retryAfter()).isPositive();
          deferred++;
          still.add(command);
        } else {
          List<Delivery> d = outcome.delivered();
          assertThat(d).hasSize(1);
          sentAt.add(clock.instant());
        }
      }
      waiting = still;
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(deferred).isPositive();
    api.verify(sentAt.size(), postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")));
    for (Instant start : sentAt) {
      long inMinute =
          sentAt.stream()
              .filter(t -> !t.isBefore(start) && t.isBefore(start.plus(Duration.ofMinutes(1))))
              .count();
      assertThat(inMinute).isLessThanOrEqualTo(DingtalkBudgets.PERSON_PER_MINUTE);
    }
    // The budget is used, not just respected: 6 at once, then 14 a minute.
    assertThat(sentAt.size()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void recipients_with_budget_left_get_the_card_and_the_others_wait() {
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(okJson("{\"success\":true,\"result\":{\"outTrackId\":\"lead-42\"}}")));
    // Spend u1's budget.
    for (int i = 0; i < 100; i++) {
      if (platform.sendText("spend-" + i, "x", List.of(U1)).block() instanceof SendOutcome.Later) {
        break;
      }
    }

    SendOutcome.Later later =
        later(platform.sendCard("offer-42", DingtalkPlatformTest.OFFER, List.of(U1, U2)));

    assertThat(later.delivered()).containsExactly(new Delivery("offer-42", U2, "lead-42"));
    assertThat(later.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    api.verify(
        postRequestedFor(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .withRequestBody(
                equalToJson("{\"openSpaceId\":\"dtv1.card//IM_ROBOT.u2\"}", true, true)));
  }

  @Test
  void when_an_api_budget_stays_spent_what_was_sent_is_kept_and_the_rest_waits() {
    // The clock stands still, so the API's 20-a-second budget lets 6 calls through at once and
    // then has no slot: the seventh group waits (2 s per attempt, 3 attempts), then gives up.
    List<Address> groups = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      groups.add(Address.group("dingtalk", "cidBurst" + i + "=="));
    }

    SendOutcome.Later later = later(platform.sendText("nobody-burst", "x", groups));

    assertThat(later.delivered())
        .extracting(Delivery::recipient)
        .containsExactlyElementsOf(groups.subList(0, 6));
    assertThat(later.retryAfter()).isEqualTo(DingtalkPlatform.API_BUSY_RETRY);
    api.verify(6, postRequestedFor(urlEqualTo("/v1.0/robot/groupMessages/send")));
  }

  // --- throttling

  @Test
  void a_qps_limit_answer_then_success_delivers_once() {
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/groupMessages/send"))
            .inScenario("qps")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":\"Forbidden.AccessDenied.QpsLimitForApi\",\"message\":\"qps\"}"))
            .willSetStateTo("busy"));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/groupMessages/send"))
            .inScenario("qps")
            .whenScenarioStateIs("busy")
            .willReturn(okJson("{\"errcode\":90002,\"errmsg\":\"busy\"}"))
            .willSetStateTo("ok"));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/groupMessages/send"))
            .inScenario("qps")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"processQueryKey\":\"GQK\"}")));

    List<Delivery> sent = delivered(platform.sendText("nobody-1", "x", List.of(GROUP)));

    assertThat(sent).containsExactly(new Delivery("nobody-1", GROUP, "GQK"));
    api.verify(3, postRequestedFor(urlEqualTo("/v1.0/robot/groupMessages/send")));
  }
}
