package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A team whose reps come from a DingTalk department (WireMock standing in for {@code
 * oapi.dingtalk.com}'s {@code topapi/v2/department/get} and {@code topapi/user/listsimple}), in
 * HTTP mode: read before serving, strangers get the not-registered text, and an org event at {@code
 * /callbacks/dingtalk} brings a new member in at once. Its own context and Redis streams.
 */
class DingtalkDirectoryFlowTest extends DingtalkSupport {
  static final String DEPT = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 999_999));
  static final String DIR_TEAM = "dd" + RUN;
  static final String LEADER = "dd" + RUN + "boss";
  static final String MEMBER = "dd" + RUN + "u1";
  static final String NEWCOMER = "dd" + RUN + "u2";
  static final String STRANGER = "dd" + RUN + "x";

  static {
    dingtalk.stubFor(
        post(urlPathEqualTo("/topapi/v2/department/get"))
            .withRequestBody(matchingJsonPath("$.dept_id", equalTo(DEPT)))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"dept_id\":"
                        + DEPT
                        + ",\"name\":\"钉钉直销部\",\"dept_manager_userid_list\":[\""
                        + LEADER
                        + "\"]}}")));
    members(false);
  }

  static void members(boolean withNewcomer) {
    dingtalk.stubFor(
        post(urlPathEqualTo("/topapi/user/listsimple"))
            .withRequestBody(matchingJsonPath("$.dept_id", equalTo(DEPT)))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"has_more\":false,\"list\":["
                        + "{\"userid\":\""
                        + LEADER
                        + "\",\"name\":\"钉钉直销主管\"},{\"userid\":\""
                        + MEMBER
                        + "\",\"name\":\"钉钉直销一号\"}"
                        + (withNewcomer
                            ? ",{\"userid\":\"" + NEWCOMER + "\",\"name\":\"钉钉新人\"}"
                            : "")
                        + "]}}")));
  }

  @DynamicPropertySource
  static void directoryTeam(DynamicPropertyRegistry registry) {
    registry.add("salesbot.pipeline.key-prefix", () -> "it-dingtalkdir");
    registry.add("salesbot.dingtalk.oapi-base-url", dingtalk::baseUrl);
    String t = "salesbot.teams." + DIR_TEAM + ".";
    registry.add(t + "name", () -> "钉钉直销组");
    registry.add(t + "regions[0]", () -> "钉钉直销区" + RUN);
    registry.add(t + "directory", () -> "dingtalk:" + DEPT);
  }

  @Autowired TeamDirectory directory;

  private String replyTo(String user, String text) {
    assertThat(robot(botText(user, user, text))).isEqualTo(200);
    return awaitCall("POST", BATCH_SEND, c -> c.userIds().contains(user) && !c.text().isEmpty())
        .text();
  }

  @Test
  void the_department_is_read_before_serving_with_the_access_token() {
    Team team = directory.team(DIR_TEAM).orElseThrow();
    assertThat(team.manager()).isEqualTo(new Address("dingtalk", LEADER));
    assertThat(team.members())
        .contains(new Member(new Address("dingtalk", MEMBER), "钉钉直销一号"))
        .extracting(Member::id)
        .doesNotContain(new Address("dingtalk", LEADER));
    assertThat(
            dingtalk.getAllServeEvents().stream()
                .anyMatch(
                    e ->
                        e.getRequest().getUrl().startsWith("/topapi/v2/department/get")
                            && e.getRequest().getUrl().contains("access_token=E2E-DT-TOKEN")))
        .isTrue();
  }

  @Test
  void strangers_are_told_they_are_not_registered_and_members_are_answered() {
    assertThat(replyTo(STRANGER, "/pool")).startsWith("你还不是 salesbot 登记的销售或主管");
    assertThat(replyTo(MEMBER, "你好")).isEqualTo("你好，我是 salesbot。输入 /help 查看可用命令。");
  }

  @Test
  void an_org_event_brings_a_new_member_in_at_once() throws Exception {
    members(true);
    String ts = Long.toString(Instant.now().toEpochMilli());
    String nonce = "n" + ThreadLocalRandom.current().nextInt(1_000_000);
    // DingTalk's event crypto is WeCom's scheme with the Client ID as owner key.
    WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
    config.setCorpId(CLIENT_ID);
    config.setToken("123456");
    config.setAesKey("1234567890123456789012345678901234567890123");
    String encrypt =
        new WxCpCryptUtil(config)
            .encrypt(
                "0123456789abcdef",
                "{\"EventType\":\"user_add_org\",\"UserId\":[\""
                    + NEWCOMER
                    + "\"],\"CorpId\":\"dingcorpe2e\",\"TimeStamp\":\""
                    + ts
                    + "\"}");
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/callbacks/dingtalk?msg_signature="
                                + SHA1.gen("123456", ts, nonce, encrypt)
                                + "&timeStamp="
                                + ts
                                + "&nonce="
                                + nonce))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"encrypt\":\"" + encrypt + "\"}", StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> directory.teamOf(new Address("dingtalk", NEWCOMER)).isPresent());
  }
}
