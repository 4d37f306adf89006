package io.salesbot.adapter.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The WeCom address book against WireMock standing in for {@code qyapi.weixin.qq.com}. */
class WecomDirectoryTest {
  static final String DEPARTMENT = "/cgi-bin/department/get";
  static final String USERS = "/cgi-bin/user/simplelist";

  static WireMockServer wecom;

  private final InMemoryInboundQueue queue = new InMemoryInboundQueue();
  private WecomAdapterConfiguration adapter;
  private DirectorySource directory;

  @BeforeAll
  static void start() {
    wecom = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wecom.start();
  }

  @AfterAll
  static void stop() {
    wecom.stop();
  }

  @BeforeEach
  void reset() {
    wecom.resetAll();
    wecom.stubFor(
        get(urlPathEqualTo("/cgi-bin/gettoken"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN-1\",\"expires_in\":7200}")));
    wecom.stubFor(
        get(urlPathEqualTo(DEPARTMENT))
            .withQueryParam("id", equalTo("2"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"department\":{\"id\":2,\"name\":\"华东销售部\","
                        + "\"name_en\":\"East\",\"department_leader\":[\"Boss\"],\"parentid\":1,"
                        + "\"order\":10}}")));
    wecom.stubFor(
        get(urlPathEqualTo(USERS))
            .withQueryParam("department_id", equalTo("2"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"userlist\":["
                        + "{\"userid\":\"Boss\",\"name\":\"赵六\",\"department\":[2]},"
                        + "{\"userid\":\"ZhangSan\",\"name\":\"张三\",\"department\":[2,3]},"
                        + "{\"userid\":\"LiSi\",\"department\":[2]}]}")));
    adapter =
        new WecomAdapterConfiguration(
            Payloads.settings(wecom.baseUrl()).withRetry(2, Duration.ofMillis(10)),
            queue,
            new InMemoryCardReferences(),
            new InMemoryAccessTokens(),
            Payloads.CLOCK);
    directory = adapter.directory(Duration.ofMinutes(10));
  }

  @Test
  void reads_the_department_name_leader_and_direct_members_with_the_access_token() {
    Department d = directory.department("2").block();

    assertThat(directory.platform()).isEqualTo("wecom");
    assertThat(d.id()).isEqualTo("2");
    assertThat(d.name()).isEqualTo("华东销售部");
    assertThat(d.leader()).contains(new Member(new Address("wecom", "Boss"), "赵六"));
    // a member without a name (an app type that may not read names) is named by their user id
    assertThat(d.members())
        .containsExactly(
            new Member(new Address("wecom", "Boss"), "赵六"),
            new Member(new Address("wecom", "ZhangSan"), "张三"),
            new Member(new Address("wecom", "LiSi"), "LiSi"));
    wecom.verify(
        getRequestedFor(urlPathEqualTo(DEPARTMENT))
            .withQueryParam("access_token", equalTo("TOKEN-1")));
    wecom.verify(
        getRequestedFor(urlPathEqualTo(USERS))
            .withQueryParam("access_token", equalTo("TOKEN-1"))
            .withQueryParam("fetch_child", equalTo("0")));
  }

  @Test
  void answers_are_cached_until_a_change_contact_callback_empties_the_cache() {
    AtomicInteger told = new AtomicInteger();
    directory.onChange(told::incrementAndGet);
    directory.department("2").block();
    directory.department("2").block();
    wecom.verify(1, getRequestedFor(urlPathEqualTo(USERS)));

    // The recorded callback (payloads/wecom/change-contact): LiSi's details changed.
    Payloads.Payload p = Payloads.load("change-contact");
    WebTestClient.bindToRouterFunction(adapter.routes())
        .build()
        .post()
        .uri(URI.create("/callbacks/wecom/" + Payloads.AGENT_ID + "?" + p.query()))
        .contentType(MediaType.TEXT_XML)
        .bodyValue(p.body())
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(told.get()).isEqualTo(1);
    directory.department("2").block();
    wecom.verify(2, getRequestedFor(urlPathEqualTo(USERS)));
  }

  @Test
  void a_missing_department_is_empty_and_other_errors_are_errors_not_cached() {
    wecom.stubFor(
        get(urlPathEqualTo(DEPARTMENT))
            .withQueryParam("id", equalTo("9"))
            .willReturn(okJson("{\"errcode\":60123,\"errmsg\":\"invalid party id\"}")));
    wecom.stubFor(
        get(urlPathEqualTo(DEPARTMENT))
            .withQueryParam("id", equalTo("7"))
            .willReturn(
                okJson("{\"errcode\":60011,\"errmsg\":\"no privilege to access/modify\"}")));

    assertThat(directory.department("9").blockOptional()).isEmpty();
    assertThatThrownBy(() -> directory.department("7").block())
        .isInstanceOf(ChatDeliveryException.class)
        .hasMessageContaining("60011");
    assertThatThrownBy(() -> directory.department("7").block())
        .isInstanceOf(ChatDeliveryException.class);
    wecom.verify(2, getRequestedFor(urlPathEqualTo(DEPARTMENT)).withQueryParam("id", equalTo("7")));
    assertThatThrownBy(() -> directory.department("east").block()).hasMessageContaining("numbers");
  }
}
