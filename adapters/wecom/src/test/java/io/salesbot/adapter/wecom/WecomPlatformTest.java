package io.salesbot.adapter.wecom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.salesbot.core.testing.RecordingChatPlatform.delivered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.salesbot.adapter.support.SendKeys;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.CardReferences.CardReference;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryCardReferences;
import io.salesbot.core.testing.InMemoryInboundQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The WeCom platform against WireMock standing in for {@code qyapi.weixin.qq.com}. */
class WecomPlatformTest {
  static final String SEND = "/cgi-bin/message/send";
  static final String UPDATE = "/cgi-bin/message/update_template_card";
  static final String GETTOKEN = "/cgi-bin/gettoken";
  static final Address ZHANGSAN = new Address("wecom", "ZhangSan");
  static final Address LISI = new Address("wecom", "LiSi");

  static WireMockServer wecom;

  private final InMemoryAccessTokens tokens = new InMemoryAccessTokens();
  private final InMemoryCardReferences references = new InMemoryCardReferences();
  private ChatPlatform platform;

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
        get(urlPathEqualTo(GETTOKEN))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN-1\",\"expires_in\":7200}")));
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"\",\"msgid\":\"MSG-1\",\"response_code\":\"RC-SEND\"}")));
    platform = platform(tokens);
  }

  private ChatPlatform platform(InMemoryAccessTokens shared) {
    return new WecomAdapterConfiguration(
            Payloads.settings(wecom.baseUrl()).withRetry(3, Duration.ofMillis(10)),
            new InMemoryInboundQueue(),
            references,
            shared,
            Payloads.CLOCK)
        .platform();
  }

  private String lastBody(String path) {
    var requests = wecom.findAll(postRequestedFor(urlPathEqualTo(path)));
    return requests.get(requests.size() - 1).getBodyAsString();
  }

  @Test
  void sends_the_golden_card_and_keeps_the_response_code_per_recipient() throws Exception {
    List<Delivery> sent =
        delivered(platform.sendCard("offer-1", Cards.leadOffer(), List.of(ZHANGSAN, LISI)));

    assertThat(sent)
        .containsExactly(
            new Delivery("offer-1", ZHANGSAN, "MSG-1"), new Delivery("offer-1", LISI, "MSG-1"));
    wecom.verify(
        postRequestedFor(urlPathEqualTo(SEND))
            .withQueryParam("access_token", equalTo("TOKEN-1"))
            .withRequestBody(
                equalToJson(
                    WecomMessagesTest.golden("lead-offer")
                        .replace(
                            "a1b2c3d4",
                            SendKeys.of("send", "offer-1", 1, List.of("ZhangSan", "LiSi"))))));
    assertThat(references.all())
        .extracting(CardReference::person, CardReference::reference)
        .containsExactlyInAnyOrder(tuple(ZHANGSAN, "RC-SEND"), tuple(LISI, "RC-SEND"));
  }

  @Test
  void fetches_one_token_for_many_sends_and_shares_it_between_instances() {
    delivered(platform.sendText("t-1", "一", List.of(ZHANGSAN)));
    delivered(platform.sendText("t-2", "二", List.of(ZHANGSAN)));
    delivered(platform(tokens).sendText("t-3", "三", List.of(LISI)));

    wecom.verify(1, getRequestedFor(urlPathEqualTo(GETTOKEN)));
    wecom.verify(3, postRequestedFor(urlPathEqualTo(SEND)));
    assertThat(tokens.puts()).isEqualTo(1);
  }

  @Test
  void refreshes_the_token_once_on_40014() {
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .inScenario("token")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}"))
            .willSetStateTo("refreshed"));
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .inScenario("token")
            .whenScenarioStateIs("refreshed")
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":\"MSG-2\"}")));

    List<Delivery> sent = delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN)));

    assertThat(sent).containsExactly(new Delivery("t-1", ZHANGSAN, "MSG-2"));
    wecom.verify(2, getRequestedFor(urlPathEqualTo(GETTOKEN)));
    wecom.verify(2, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void retries_a_frequency_limit_and_delivers_once() {
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"))
            .willSetStateTo("free"));
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":\"MSG-3\"}")));

    List<Delivery> sent = delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN)));

    assertThat(sent).containsExactly(new Delivery("t-1", ZHANGSAN, "MSG-3"));
    wecom.verify(2, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void gives_up_on_invalid_recipients_without_retrying() {
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(
                okJson("{\"errcode\":81013,\"errmsg\":\"user & party & tag all invalid\"}")));

    assertThatThrownBy(() -> delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN))))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("81013");
              assertThat(e.retryable()).isFalse();
            });
    wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void a_busy_platform_is_a_retryable_error_after_the_retries() {
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));

    assertThatThrownBy(() -> delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN))))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    wecom.verify(3, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void recipients_wecom_calls_invalid_get_no_delivery() {
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"LiSi\",\"msgid\":\"MSG-4\"}")));

    assertThat(delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN, LISI))))
        .containsExactly(new Delivery("t-1", ZHANGSAN, "MSG-4"));
  }

  @Test
  void recipients_wecom_lists_as_invalid_in_lower_case_get_no_delivery() {
    // WeCom answers invaliduser in lower case, whatever the case of the UserId sent.
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":\"zhangsan\",\"msgid\":\"MSG-5\"}")));
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"invaliduser\":[\"lisi\"]}")));

    assertThat(delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN, LISI))))
        .containsExactly(new Delivery("t-1", LISI, "MSG-5"));
    references
        .save(
            new CardReference(
                "wecom", Cards.CARD_ID, LISI, "RC-1", Payloads.CLOCK.instant().plusSeconds(60)))
        .block();
    assertThat(
            delivered(platform.updateCard("claimed-others", Cards.claimedByOther(), List.of(LISI))))
        .isEmpty();
  }

  @Test
  void a_wrong_secret_is_not_retried() {
    // gettoken answers 200 with an error body: WeCom's 40001 (invalid secret).
    wecom.stubFor(
        get(urlPathEqualTo(GETTOKEN))
            .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));

    assertThatThrownBy(() -> delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN))))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("40001");
              assertThat(e.retryable()).isFalse();
            });
    wecom.verify(1, getRequestedFor(urlPathEqualTo(GETTOKEN)));
    wecom.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void an_error_in_a_200_answer_is_an_error_not_a_delivery() {
    wecom.stubFor(
        post(urlPathEqualTo(SEND))
            .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));

    assertThatThrownBy(() -> delivered(platform.sendText("t-1", "你好", List.of(ZHANGSAN))))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("40001");
              assertThat(e.retryable()).isFalse();
            });
    // WxJava refreshes the token once on 40001; nothing retries after that.
    wecom.verify(2, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void updates_with_the_stored_response_codes_one_call_per_code() {
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    delivered(platform.sendCard("offer-1", Cards.leadOffer(), List.of(ZHANGSAN, LISI)));
    references
        .save(
            new CardReference(
                "wecom",
                Cards.CARD_ID,
                LISI,
                "RC-CLICK",
                Payloads.CLOCK.instant().plusSeconds(3600)))
        .block();

    List<Delivery> updated =
        delivered(
            platform.updateCard("claimed-others", Cards.claimedByOther(), List.of(ZHANGSAN, LISI)));

    assertThat(updated).extracting(Delivery::recipient).containsExactly(ZHANGSAN, LISI);
    wecom.verify(2, postRequestedFor(urlPathEqualTo(UPDATE)));
    wecom.verify(
        postRequestedFor(urlPathEqualTo(UPDATE))
            .withRequestBody(
                equalToJson(
                    "{\"userids\":[\"ZhangSan\"],\"response_code\":\"RC-SEND\"}", true, true)));
    wecom.verify(
        postRequestedFor(urlPathEqualTo(UPDATE))
            .withRequestBody(
                equalToJson(
                    "{\"userids\":[\"LiSi\"],\"response_code\":\"RC-CLICK\"}", true, true)));
    assertThat(references.all()).isEmpty();
    wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
  }

  @Test
  void a_code_shared_by_two_updates_of_one_card_is_used_once_and_the_second_gets_a_fresh_card() {
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    // One send to both: both hold RC-SEND, which serves a single update call.
    delivered(platform.sendCard("offer-1", Cards.leadOffer(), List.of(ZHANGSAN, LISI)));

    List<Delivery> others =
        delivered(platform.updateCard("claimed-others", Cards.claimedByOther(), List.of(ZHANGSAN)));
    List<Delivery> winner =
        delivered(platform.updateCard("claimed-winner", Cards.claimedByYou(), List.of(LISI)));

    assertThat(others).extracting(Delivery::recipient).containsExactly(ZHANGSAN);
    assertThat(winner).extracting(Delivery::recipient).containsExactly(LISI);
    wecom.verify(
        1,
        postRequestedFor(urlPathEqualTo(UPDATE))
            .withRequestBody(equalToJson("{\"response_code\":\"RC-SEND\"}", true, true)));
    wecom.verify(1, postRequestedFor(urlPathEqualTo(UPDATE)));
    wecom.verify(
        1,
        postRequestedFor(urlPathEqualTo(SEND))
            .withRequestBody(equalToJson("{\"touser\":\"LiSi\"}", true, true)));
  }

  @Test
  void a_code_replaced_by_a_click_while_the_update_waited_is_looked_up_again() {
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    delivered(platform.sendCard("offer-1", Cards.leadOffer(), List.of(LISI)));
    // LiSi's click (with a fresh code) is stored between the update's look-up and its taking
    // RC-SEND: clicks travel through the queue, so this happens when many click at once.
    AtomicBoolean clicked = new AtomicBoolean();
    references.beforeConsume(
        () ->
            clicked.getAndSet(true)
                ? Mono.empty()
                : references.save(
                    new CardReference(
                        "wecom",
                        Cards.CARD_ID,
                        LISI,
                        "RC-CLICK-LATE",
                        Payloads.CLOCK.instant().plusSeconds(3600))));

    List<Delivery> updated =
        delivered(platform.updateCard("claimed-others", Cards.claimedByOther(), List.of(LISI)));

    assertThat(updated).extracting(Delivery::recipient).containsExactly(LISI);
    wecom.verify(
        1,
        postRequestedFor(urlPathEqualTo(UPDATE))
            .withRequestBody(
                equalToJson(
                    "{\"userids\":[\"LiSi\"],\"response_code\":\"RC-CLICK-LATE\"}", true, true)));
    wecom.verify(1, postRequestedFor(urlPathEqualTo(UPDATE)));
    wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND))); // the offer only, no fresh card
  }

  @Test
  void sends_a_fresh_card_when_no_code_is_stored_or_wecom_refuses_it() {
    references
        .save(
            new CardReference(
                "wecom", Cards.CARD_ID, LISI, "RC-USED", Payloads.CLOCK.instant().plusSeconds(60)))
        .block();
    wecom.stubFor(
        post(urlPathEqualTo(UPDATE))
            .willReturn(okJson("{\"errcode\":40000,\"errmsg\":\"response_code has been used\"}")));

    List<Delivery> updated =
        delivered(
            platform.updateCard("claimed-others", Cards.claimedByOther(), List.of(ZHANGSAN, LISI)));

    assertThat(updated).extracting(Delivery::recipient).containsExactlyInAnyOrder(ZHANGSAN, LISI);
    wecom.verify(1, postRequestedFor(urlPathEqualTo(UPDATE)));
    wecom.verify(
        1,
        postRequestedFor(urlPathEqualTo(SEND))
            .withRequestBody(
                equalToJson(
                    "{\"touser\":\"ZhangSan|LiSi\",\"msgtype\":\"template_card\"}", true, true)));
    assertThat(references.all())
        .extracting(CardReference::reference)
        .containsExactly("RC-SEND", "RC-SEND");
  }
}
