package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk group chats end to end (HTTP mode): the manager binds the team in a group with {@code
 * /bind-team}, answered through the message's session webhook; the team's next grab card goes into
 * the group instead of to each rep; {@code /unbind-team} sends them 1:1 again.
 */
class DingtalkGroupFlowTest extends DingtalkSupport {
  static final String GROUP = "cidE2EGroup" + RUN + "==";
  static final String WEBHOOK = "/robot/sendBySession";
  static final String GROUP_SEND = "/v1.0/robot/groupMessages/send";

  @BeforeAll
  static void stubWebhookAndGroupSend() {
    dingtalk.stubFor(
        post(urlPathEqualTo(WEBHOOK)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    dingtalk.stubFor(
        post(urlPathEqualTo(GROUP_SEND)).willReturn(okJson("{\"processQueryKey\":\"GQK-E2E\"}")));
  }

  @AfterEach
  void unbind() {
    // The team is shared with the other DingTalk flows: leave it unbound.
    org.springframework.r2dbc.core.DatabaseClient.create(connectionFactory)
        .sql("DELETE FROM team_channels WHERE team_id = :team")
        .bind("team", TEAM)
        .then()
        .block();
  }

  /** A robot text typed in the group, with a session webhook at WireMock valid for an hour. */
  static String groupText(String userId, String text, String session) {
    ObjectNode m = JSON.createObjectNode();
    m.put("msgId", "msg" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    m.put("senderStaffId", userId);
    m.put("conversationType", "2");
    m.put("conversationId", GROUP);
    m.put("conversationTitle", TEAM_NAME);
    m.put("msgtype", "text");
    m.putObject("text").put("content", " " + text);
    m.put("sessionWebhook", dingtalk.baseUrl() + WEBHOOK + "?session=" + session);
    m.put("sessionWebhookExpiredTime", Instant.now().plus(Duration.ofHours(1)).toEpochMilli());
    m.put("createAt", Instant.now().toEpochMilli());
    return JSON.writeValueAsString(m);
  }

  static String webhookText(Call c) {
    return c.body().path("text").path("content").asString("");
  }

  @Test
  void a_bound_team_gets_its_grab_card_in_the_group_and_unbinding_restores_1_to_1() {
    String boss = "d" + RUN + "boss";

    // A rep may not bind; the refusal goes back into the group through the webhook.
    assertThat(robot(groupText(rep(1), "/bind-team " + TEAM, "rep" + RUN))).isEqualTo(200);
    Call refused =
        awaitCall(
            "POST",
            WEBHOOK,
            c ->
                c.body().path("msgtype").asString("").equals("text")
                    && webhookText(c).contains("仅限团队主管"));
    assertThat(refused.token()).isEqualTo("null"); // no access token on a session webhook

    assertThat(robot(groupText(boss, "/绑定群 " + TEAM_NAME, "bind" + RUN))).isEqualTo(200);
    awaitCall("POST", WEBHOOK, c -> webhookText(c).contains("已绑定：" + TEAM_NAME));
    assertThat(
            count(
                "select count(*) from team_channels where team_id = '"
                    + TEAM
                    + "' and channel = 'dingtalk:group:"
                    + GROUP
                    + "'"))
        .isEqualTo(1);

    Map<String, Object> lead = pooledLead("群客户" + RUN);
    String outTrackId = "lead-" + lead.get("id");
    Call card = awaitCall("POST", CREATE, c -> c.outTrackId().equals(outTrackId));
    assertThat(card.body().path("openSpaceId").asString())
        .isEqualTo("dtv1.card//IM_GROUP." + GROUP);
    assertThat(card.body().path("imGroupOpenDeliverModel").path("robotCode").asString())
        .isEqualTo(CLIENT_ID);

    // A rep claims on the group card: the winner and the team's other reps get their private data
    // on that one instance.
    String key = card.params().path("btn1Key").asString();
    assertThat(click(cardClick(outTrackId, rep(2), key))).isEqualTo(200);
    Call winner =
        awaitCall(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && c.privateUsers().contains(rep(2)));
    assertThat(winner.privateParams(rep(2)).path("type").asString())
        .isEqualTo("lead_claimed_by_you");
    Call others =
        awaitCall(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && c.privateUsers().contains(rep(3)));
    assertThat(others.privateParams(rep(3)).path("type").asString())
        .isEqualTo("lead_claimed_by_other");

    assertThat(robot(groupText(boss, "/unbind-team", "unbind" + RUN))).isEqualTo(200);
    awaitCall("POST", WEBHOOK, c -> webhookText(c).contains("已解绑：" + TEAM_NAME));

    Map<String, Object> after = pooledLead("私聊客户" + RUN);
    String afterTrack = "lead-" + after.get("id");
    Call oneToOne = awaitCall("POST", CREATE, c -> c.outTrackId().equals(afterTrack));
    assertThat(oneToOne.body().path("openSpaceId").asString())
        .startsWith("dtv1.card//IM_ROBOT.")
        .doesNotContain("IM_GROUP");
  }
}
