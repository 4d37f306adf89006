package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.server.e2e.WecomCallbackSigning.Callback;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A team whose reps come from a WeCom department (WireMock's {@code department/get} and {@code
 * user/simplelist}): read before salesbot serves, so its members are answered and others get the
 * not-registered text; {@code enter_agent} brings the welcome card; a {@code change_contact}
 * callback brings a new member in without waiting for the schedule. Its own context and Redis
 * streams, so that no other context answers its callbacks.
 */
class WecomDirectoryFlowTest extends WecomSupport {
  static final String DEPT = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 999_999));
  static final String DIR_TEAM = "wd" + RUN;
  static final String LEADER = "d" + RUN + "boss";
  static final String MEMBER = "d" + RUN + "u1";
  static final String NEWCOMER = "d" + RUN + "u2";
  static final String STRANGER = "d" + RUN + "x";

  static {
    wecom.stubFor(
        get(urlPathEqualTo("/cgi-bin/department/get"))
            .withQueryParam("id", equalTo(DEPT))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"department\":{\"id\":"
                        + DEPT
                        + ",\"name\":\"企微直销部\",\"department_leader\":[\""
                        + LEADER
                        + "\"],\"parentid\":1}}")));
    members(false);
  }

  static void members(boolean withNewcomer) {
    wecom.stubFor(
        get(urlPathEqualTo("/cgi-bin/user/simplelist"))
            .withQueryParam("department_id", equalTo(DEPT))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"userlist\":[{\"userid\":\""
                        + LEADER
                        + "\",\"name\":\"直销主管\"},{\"userid\":\""
                        + MEMBER
                        + "\",\"name\":\"直销一号\"}"
                        + (withNewcomer
                            ? ",{\"userid\":\"" + NEWCOMER + "\",\"name\":\"直销新人\"}"
                            : "")
                        + "]}")));
  }

  @DynamicPropertySource
  static void directoryTeam(DynamicPropertyRegistry registry) {
    registry.add("salesbot.pipeline.key-prefix", () -> "it-wecomdir");
    String t = "salesbot.teams." + DIR_TEAM + ".";
    registry.add(t + "name", () -> "企微直销组");
    registry.add(t + "regions[0]", () -> "直销区" + RUN);
    registry.add(t + "directory", () -> "wecom:" + DEPT);
  }

  @Autowired TeamDirectory directory;

  private String replyTo(String user, String text) {
    deliver(encrypted(textXml(user, text)));
    return awaitCall(SEND, c -> c.touser().equals(user) && c.text().length() > 0).text();
  }

  @Test
  void the_department_is_read_before_serving_and_its_leader_manages() {
    Team team = directory.team(DIR_TEAM).orElseThrow();
    assertThat(team.manager()).isEqualTo(new Address("wecom", LEADER));
    assertThat(team.managerName()).isEqualTo("直销主管");
    // (a change_contact test may already have brought the newcomer in)
    assertThat(team.members())
        .contains(new Member(new Address("wecom", MEMBER), "直销一号"))
        .extracting(Member::id)
        .doesNotContain(new Address("wecom", LEADER));
  }

  @Test
  void members_are_answered_and_strangers_told_they_are_not_registered() {
    assertThat(replyTo(MEMBER, "/leads")).isEqualTo("你目前没有跟进中的线索。输入 /pool 查看公海。");
    assertThat(replyTo(STRANGER, "/pool"))
        .isEqualTo("你还不是 salesbot 登记的销售或主管，请联系管理员把你加入团队。输入 /help 查看 salesbot 能做什么。");
  }

  @Test
  void opening_the_app_brings_the_welcome_card_once() {
    String enter =
        "<xml><ToUserName><![CDATA["
            + CORP_ID
            + "]]></ToUserName><FromUserName><![CDATA["
            + LEADER
            + "]]></FromUserName><CreateTime>"
            + Instant.now().getEpochSecond()
            + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event>"
            + "<EventKey><![CDATA[]]></EventKey><AgentID>"
            + AGENT_ID
            + "</AgentID></xml>";
    Callback callback = encrypted(enter);
    assertThat(deliver(callback).statusCode()).isEqualTo(200);
    assertThat(deliver(callback).statusCode()).isEqualTo(200); // WeCom's retry

    Call card = awaitCall(SEND, c -> c.touser().equals(LEADER) && !c.title().isEmpty());
    assertThat(card.title()).isEqualTo("你好，直销主管");
    assertThat(card.card().path("card_type").asString()).isEqualTo("button_interaction");
    assertThat(buttonKey(card, "command", "/leads")).isPresent();
    assertThat(buttonKey(card, "command", "/pool")).isPresent();
    org.awaitility.Awaitility.await()
        .during(java.time.Duration.ofMillis(500))
        .atMost(java.time.Duration.ofSeconds(3))
        .until(() -> calls(SEND, c -> c.touser().equals(LEADER)).size(), n -> n == 1);
  }

  @Test
  void a_change_contact_callback_brings_a_new_member_in_at_once() {
    members(true);
    String change =
        "<xml><ToUserName><![CDATA["
            + CORP_ID
            + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>"
            + Instant.now().getEpochSecond()
            + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]>"
            + "</Event><ChangeType>create_user</ChangeType><UserID><![CDATA["
            + NEWCOMER
            + "]]></UserID><Department><![CDATA["
            + DEPT
            + "]]></Department></xml>";
    assertThat(deliver(encrypted(change)).statusCode()).isEqualTo(200);

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> directory.teamOf(new Address("wecom", NEWCOMER)).isPresent());
    assertThat(replyTo(NEWCOMER, "你好")).isEqualTo("你好，我是 salesbot。输入 /help 查看可用命令。");
  }
}
