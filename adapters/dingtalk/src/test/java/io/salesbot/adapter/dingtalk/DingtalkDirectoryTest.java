package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.team.DirectorySource;
import io.salesbot.core.team.DirectorySource.Department;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The DingTalk address book against WireMock standing in for {@code oapi.dingtalk.com} (and {@code
 * api.dingtalk.com} for the access token).
 */
class DingtalkDirectoryTest {
  static final String DEPARTMENT = "/topapi/v2/department/get";
  static final String USERS = "/topapi/user/listsimple";

  static WireMockServer dingtalk;

  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private DingtalkAdapterConfiguration adapter;
  private DirectorySource directory;

  @BeforeAll
  static void start() {
    dingtalk = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    dingtalk.start();
  }

  @AfterAll
  static void stop() {
    dingtalk.stop();
  }

  @BeforeEach
  void reset() {
    dingtalk.resetAll();
    dingtalk.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    dingtalk.stubFor(
        post(urlPathEqualTo(DEPARTMENT))
            .withRequestBody(matchingJsonPath("$.dept_id", equalTo("2")))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"dept_id\":2,\"name\":\"华东销售部\","
                        + "\"parent_id\":1,\"dept_manager_userid_list\":[\"manager01\"]},"
                        + "\"request_id\":\"r1\"}")));
    dingtalk.stubFor(
        post(urlPathEqualTo(USERS))
            .withRequestBody(matchingJsonPath("$.cursor", equalTo("0")))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"has_more\":true,\"next_cursor\":100,"
                        + "\"list\":[{\"userid\":\"manager01\",\"name\":\"赵六\"},"
                        + "{\"userid\":\"user01\",\"name\":\"张三\"}]}}")));
    dingtalk.stubFor(
        post(urlPathEqualTo(USERS))
            .withRequestBody(matchingJsonPath("$.cursor", equalTo("100")))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"has_more\":false,"
                        + "\"list\":[{\"userid\":\"user02\",\"name\":\"李四\"}]}}")));
    adapter =
        new DingtalkAdapterConfiguration(
            Payloads.settings(dingtalk.baseUrl(), DingtalkSettings.Mode.HTTP)
                .withRetry(2, Duration.ofMillis(10)),
            queue,
            new InMemoryAccessTokens(),
            Payloads.CLOCK);
    directory = adapter.directory(Duration.ofMinutes(10), dingtalk.baseUrl());
  }

  @Test
  void reads_the_department_and_every_page_of_members_with_the_access_token() {
    Department d = directory.department("2").block();

    assertThat(directory.platform()).isEqualTo("dingtalk");
    assertThat(d.name()).isEqualTo("华东销售部");
    assertThat(d.leader()).contains(new Member(new Address("dingtalk", "manager01"), "赵六"));
    assertThat(d.members())
        .extracting(Member::id)
        .containsExactly(
            new Address("dingtalk", "manager01"),
            new Address("dingtalk", "user01"),
            new Address("dingtalk", "user02"));
    dingtalk.verify(
        postRequestedFor(urlEqualTo(DEPARTMENT + "?access_token=TOKEN-1"))
            .withRequestBody(equalToJson("{\"dept_id\":2,\"language\":\"zh_CN\"}")));
    dingtalk.verify(
        postRequestedFor(urlEqualTo(USERS + "?access_token=TOKEN-1"))
            .withRequestBody(
                equalToJson("{\"dept_id\":2,\"cursor\":100,\"size\":100,\"language\":\"zh_CN\"}")));
    dingtalk.verify(2, postRequestedFor(urlPathEqualTo(USERS)));
  }

  @Test
  void answers_are_cached_until_an_org_change_event_empties_the_cache() {
    AtomicInteger told = new AtomicInteger();
    directory.onChange(told::incrementAndGet);
    directory.department("2").block();
    directory.department("2").block();
    dingtalk.verify(1, postRequestedFor(urlPathEqualTo(DEPARTMENT)));

    DingtalkCrypto crypto =
        new DingtalkCrypto(Payloads.TOKEN, Payloads.AES_KEY, Payloads.CLIENT_ID);
    String now = Long.toString(Payloads.NOW.toEpochMilli());
    Map<String, String> m =
        crypto.encryptedMap(
            "{\"EventType\":\"user_leave_org\",\"CorpId\":\"dingcorp\",\"UserId\":[\"user02\"],"
                + "\"TimeStamp\":\""
                + now
                + "\"}",
            now,
            "nonce0123456789a",
            "0123456789abcdef");
    WebTestClient.bindToRouterFunction(adapter.routes())
        .build()
        .post()
        .uri(
            URI.create(
                "/callbacks/dingtalk?msg_signature="
                    + m.get("msg_signature")
                    + "&timestamp="
                    + now
                    + "&nonce=nonce0123456789a"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"encrypt\":\"" + m.get("encrypt") + "\"}")
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(told.get()).isEqualTo(1);
    directory.department("2").block();
    dingtalk.verify(2, postRequestedFor(urlPathEqualTo(DEPARTMENT)));
  }

  @Test
  void a_missing_department_is_empty_and_other_errors_are_errors_not_cached() {
    dingtalk.stubFor(
        post(urlPathEqualTo(DEPARTMENT))
            .withRequestBody(matchingJsonPath("$.dept_id", equalTo("9")))
            .willReturn(okJson("{\"errcode\":60003,\"errmsg\":\"部门不存在\"}")));
    dingtalk.stubFor(
        post(urlPathEqualTo(DEPARTMENT))
            .withRequestBody(matchingJsonPath("$.dept_id", equalTo("7")))
            .willReturn(okJson("{\"errcode\":60011,\"errmsg\":\"no permission\"}")));

    assertThat(directory.department("9").blockOptional()).isEmpty();
    assertThatThrownBy(() -> directory.department("7").block())
        .isInstanceOf(ChatDeliveryException.class)
        .hasMessageContaining("60011");
    assertThatThrownBy(() -> directory.department("7").block())
        .isInstanceOf(ChatDeliveryException.class);
    dingtalk.verify(
        2,
        postRequestedFor(urlPathEqualTo(DEPARTMENT))
            .withRequestBody(matchingJsonPath("$.dept_id", equalTo("7"))));
    assertThatThrownBy(() -> directory.department("sales").block()).hasMessageContaining("numbers");
  }
}
