package io.salesbot.adapter.wechatmp;

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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.domain.Delivery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customer-service messages, the quota and QR codes against WireMock standing in for the OA API.
 */
class WechatMpApiTest {
  static final String TOKEN = "/cgi-bin/token";
  static final String KEFU = "/cgi-bin/message/custom/send";
  static final String QRCODE = "/cgi-bin/qrcode/create";
  static final Address FOLLOWER =
      new Address("wechat-mp", Payloads.APP_ID + ":" + Payloads.OPEN_ID);

  static WireMockServer mp;
  private Fixture f;

  @BeforeAll
  static void start() {
    mp = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    mp.start();
  }

  @AfterAll
  static void stop() {
    mp.stop();
  }

  @BeforeEach
  void reset() {
    mp.resetAll();
    mp.stubFor(
        get(urlPathEqualTo(TOKEN))
            .willReturn(okJson("{\"access_token\":\"MP-TOKEN-1\",\"expires_in\":7200}")));
    mp.stubFor(post(urlPathEqualTo(KEFU)).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    f = new Fixture(Payloads.settings(mp.baseUrl()));
  }

  private List<Delivery> send(String commandId) {
    return delivered(f.adapter.platform().sendText(commandId, "欢迎", List.of(FOLLOWER)));
  }

  @Test
  void sends_a_customer_service_text_with_a_shared_token() {
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();

    assertThat(send("c1")).containsExactly(new Delivery("c1", FOLLOWER, "kefu"));

    mp.verify(
        getRequestedFor(urlPathEqualTo(TOKEN))
            .withQueryParam("appid", equalTo(Payloads.APP_ID))
            .withQueryParam("secret", equalTo(Payloads.SECRET)));
    mp.verify(
        postRequestedFor(urlPathEqualTo(KEFU))
            .withQueryParam("access_token", equalTo("MP-TOKEN-1"))
            .withRequestBody(
                equalToJson(
                    "{\"touser\":\""
                        + Payloads.OPEN_ID
                        + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"欢迎\"}}")));
    assertThat(f.tokens.get("wechat-mp:" + Payloads.APP_ID).block()).isNotNull();
  }

  @Test
  void after_a_scan_three_messages_go_out_and_the_fourth_is_not_attempted() {
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();

    for (int i = 1; i <= 3; i++) {
      assertThat(send("c" + i)).extracting(Delivery::platformRef).containsExactly("kefu");
    }
    assertThat(send("c4")).extracting(Delivery::platformRef).containsExactly("skipped:quota");

    mp.verify(3, postRequestedFor(urlPathEqualTo(KEFU)));
  }

  @Test
  void after_a_user_message_five_go_out_within_48_hours_and_none_after() {
    f.quotas
        .grant(Welcomes.messageKey(Payloads.APP_ID, Payloads.OPEN_ID), 5, Duration.ofHours(48))
        .block();

    for (int i = 1; i <= 5; i++) {
      send("m" + i);
    }
    assertThat(send("m6")).extracting(Delivery::platformRef).containsExactly("skipped:quota");
    mp.verify(5, postRequestedFor(urlPathEqualTo(KEFU)));

    f.quotas
        .grant(Welcomes.messageKey(Payloads.APP_ID, Payloads.OPEN_ID), 5, Duration.ofHours(48))
        .block();
    f.clock.advance(Duration.ofHours(48).plusSeconds(1));
    assertThat(send("m7")).extracting(Delivery::platformRef).containsExactly("skipped:quota");
    mp.verify(5, postRequestedFor(urlPathEqualTo(KEFU)));
  }

  @Test
  void without_an_open_window_nothing_is_sent() {
    assertThat(send("c1")).extracting(Delivery::platformRef).containsExactly("skipped:quota");

    mp.verify(0, postRequestedFor(urlPathEqualTo(KEFU)));
    mp.verify(0, getRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void wechat_refusing_for_quota_is_recorded_not_retried() {
    mp.stubFor(
        post(urlPathEqualTo(KEFU))
            .willReturn(okJson("{\"errcode\":45047,\"errmsg\":\"out of response count limit\"}")));
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();

    assertThat(send("c1")).extracting(Delivery::platformRef).containsExactly("refused:45047");
    mp.verify(1, postRequestedFor(urlPathEqualTo(KEFU)));
  }

  @Test
  void other_errors_become_a_chat_delivery_exception_busy_ones_retried() {
    mp.stubFor(
        post(urlPathEqualTo(KEFU))
            .willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();

    assertThatThrownBy(() -> send("c1"))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("-1");
              assertThat(e.retryable()).isTrue();
            });
    mp.verify(3, postRequestedFor(urlPathEqualTo(KEFU)));

    mp.stubFor(
        post(urlPathEqualTo(KEFU))
            .willReturn(okJson("{\"errcode\":40003,\"errmsg\":\"invalid openid\"}")));
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();
    assertThatThrownBy(() -> send("c2"))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void the_daily_api_quota_spent_is_not_retried() {
    // 45009 is the official account's daily call quota: no retry today can help.
    mp.stubFor(
        post(urlPathEqualTo(KEFU))
            .willReturn(
                okJson("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}")));
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();

    assertThatThrownBy(() -> send("c1"))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("45009");
              assertThat(e.retryable()).isFalse();
            });
    mp.verify(1, postRequestedFor(urlPathEqualTo(KEFU)));
  }

  @Test
  void a_wrong_secret_answered_with_200_is_an_error_and_not_retried() {
    mp.stubFor(
        get(urlPathEqualTo(TOKEN))
            .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));
    f.quotas
        .grant(Welcomes.scanKey(Payloads.APP_ID, Payloads.OPEN_ID), 3, Duration.ofMinutes(1))
        .block();

    assertThatThrownBy(() -> send("c1"))
        .isInstanceOfSatisfying(
            ChatDeliveryException.class,
            e -> {
              assertThat(e.code()).isEqualTo("40001");
              assertThat(e.retryable()).isFalse();
            });
    mp.verify(1, getRequestedFor(urlPathEqualTo(TOKEN)));
    mp.verify(0, postRequestedFor(urlPathEqualTo(KEFU)));
  }

  @Test
  void cards_are_not_supported() {
    assertThatThrownBy(() -> f.adapter.platform().updateCard("x", null, List.of(FOLLOWER)).block())
        .isInstanceOf(ChatDeliveryException.class);
  }

  @Test
  void creates_temporary_and_permanent_scene_qr_codes() {
    mp.stubFor(
        post(urlPathEqualTo(QRCODE))
            .willReturn(
                okJson(
                    "{\"ticket\":\"gQH47joAAAAAAAAAASxodHRw\",\"expire_seconds\":604800,\"url\":\"http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI\"}")));

    SceneQrCode tmp =
        f.adapter.createQrCode(Payloads.APP_ID, "expo2026", Duration.ofDays(7)).block();

    assertThat(tmp.imageUrl())
        .isEqualTo("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH47joAAAAAAAAAASxodHRw");
    assertThat(tmp.expireSeconds()).isEqualTo(604800);
    mp.verify(
        postRequestedFor(urlPathEqualTo(QRCODE))
            .withRequestBody(
                equalToJson(
                    "{\"expire_seconds\":604800,\"action_name\":\"QR_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"expo2026\"}}}")));

    SceneQrCode permanent = f.adapter.createQrCode(Payloads.APP_ID, "expo2026", null).block();
    assertThat(permanent.expireSeconds()).isNull();
    mp.verify(
        postRequestedFor(urlPathEqualTo(QRCODE))
            .withRequestBody(
                equalToJson(
                    "{\"action_name\":\"QR_LIMIT_STR_SCENE\",\"action_info\":{\"scene\":{\"scene_str\":\"expo2026\"}}}")));
  }

  @Test
  void refuses_qr_codes_for_unknown_scenes_or_too_long_lives() {
    assertThatThrownBy(() -> f.adapter.createQrCode(Payloads.APP_ID, "nosuch", null).block())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> f.adapter.createQrCode(Payloads.APP_ID, "expo2026", Duration.ofDays(31)).block())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
