package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.SendText;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.MonthlyQuota;
import io.salesbot.core.platform.QuotaAlarm;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.testing.EchoMessages;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryOnce;
import io.salesbot.core.testing.InMemoryQuotas;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import io.salesbot.core.testing.RecordingOutbox;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DingTalk's monthly API-call quota against WireMock: offers wait in the outbox instead of ending
 * in the dead letters, the manager hears of it once, and only the counted calls are counted.
 */
class DingtalkQuotaTest {
  private static final Address U1 = new Address("dingtalk", "u1");
  private static final Address BOSS = new Address("dingtalk", "boss");
  private static final String QUOTA_ANSWER =
      "{\"code\":\"Forbidden.AccessDenied.ApiCountLimitForOrg\","
          + "\"message\":\"api count limit for org\",\"requestid\":\"r1\"}";

  private final WireMockServer api = new WireMockServer(options().dynamicPort());

  /** 2026-05-20 10:00 in Shanghai. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-20T02:00:00Z"));

  private final InMemoryQuotas quotas = new InMemoryQuotas(clock);
  private final RecordingOutbox outbox = new RecordingOutbox();
  private DingtalkAdapterConfiguration dingtalk;
  private DingtalkMonthlyQuotas monthly;
  private DeliverOutbound deliver;

  private void start(long apiCalls) {
    api.start();
    api.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    api.stubFor(
        post(urlEqualTo("/v1.0/robot/oToMessages/batchSend"))
            .willReturn(okJson("{\"processQueryKey\":\"PQK\"}")));
    api.stubFor(
        post(urlPathEqualTo("/topapi/v2/department/get"))
            .willReturn(
                okJson(
                    "{\"errcode\":0,\"result\":{\"name\":\"华东\",\"dept_manager_userid_list\":[]}}")));
    api.stubFor(
        post(urlPathEqualTo("/topapi/user/listsimple"))
            .willReturn(okJson("{\"errcode\":0,\"result\":{\"list\":[],\"has_more\":false}}")));
    InMemoryOnce once = new InMemoryOnce(clock);
    QuotaAlarm alarm = QuotaAlarm.tellManagers(() -> List.of(BOSS), outbox, new EchoMessages());
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    monthly =
        new DingtalkMonthlyQuotas(
            new MonthlyQuota(
                new MonthlyQuota.Limit("dingtalk", "api", apiCalls, zone),
                quotas,
                once,
                alarm,
                clock),
            new MonthlyQuota(
                new MonthlyQuota.Limit("dingtalk", "push", 3000, zone),
                quotas,
                once,
                alarm,
                clock));
    dingtalk =
        new DingtalkAdapterConfiguration(
            Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.STREAM)
                .withRetry(3, Duration.ofMillis(1)),
            new InMemoryInboundQueue(),
            new InMemoryAccessTokens(),
            new InMemorySendBudgets(clock),
            null,
            monthly,
            clock);
    deliver =
        new DeliverOutbound(List.of(dingtalk.platform()), new InMemoryDeliveries(), outbox, clock);
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  private static DeliverCard offer(String id) {
    return new DeliverCard(id, DingtalkPlatformTest.OFFER, List.of(U1), true);
  }

  @Test
  void an_offer_refused_for_the_monthly_quota_waits_in_the_outbox_and_the_manager_hears_once() {
    start(5000);
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(aResponse().withStatus(403).withBody(QUOTA_ANSWER)));

    // Before: a permanent failure — the stream retried it and moved it to the dead letters.
    deliver.handle(offer("offer-1")).block();
    deliver.handle(offer("offer-2")).block();

    assertThat(outbox.deferred())
        .extracting(d -> d.command().commandId(), RecordingOutbox.Deferred::notBefore)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "offer-1", clock.instant().plus(Duration.ofHours(1))),
            org.assertj.core.groups.Tuple.tuple(
                "offer-2", clock.instant().plus(Duration.ofHours(1))));
    // DingTalk was asked once; the second offer knew the quota was gone and did not call.
    api.verify(1, postRequestedFor(urlEqualTo("/v1.0/card/instances/createAndDeliver")));
    api.verify(0, postRequestedFor(urlEqualTo("/v1.0/card/instances/deliver")));
    assertThat(outbox.commands(SendText.class))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.recipients()).containsExactly(BOSS);
              assertThat(t.text()).startsWith("notice.quota.dingtalk.api(");
            });

    // An hour later DingTalk is asked again (an administrator may have bought more).
    api.stubFor(
        post(urlEqualTo("/v1.0/card/instances/createAndDeliver"))
            .willReturn(okJson("{\"success\":true,\"result\":{\"deliverResults\":[]}}")));
    clock.advance(Duration.ofHours(1));
    deliver.handle(offer("offer-1")).block();
    api.verify(2, postRequestedFor(urlEqualTo("/v1.0/card/instances/createAndDeliver")));
    assertThat(outbox.deferred()).hasSize(2);
    assertThat(outbox.commands(SendText.class)).hasSize(1);
  }

  @Test
  void at_the_local_limit_nothing_is_sent_and_the_text_waits_for_the_monthly_quota() {
    start(2);
    SendOutcome first = dingtalk.platform().sendText("t1", "hi", List.of(U1)).block();
    SendOutcome second = dingtalk.platform().sendText("t2", "hi", List.of(U1)).block();
    SendOutcome third = dingtalk.platform().sendText("t3", "hi", List.of(U1)).block();

    assertThat(first).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(second).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(third)
        .isInstanceOfSatisfying(
            SendOutcome.Later.class,
            later -> {
              assertThat(later.why()).isEqualTo(SendOutcome.Wait.MONTHLY_QUOTA);
              assertThat(later.retryAfter()).isEqualTo(MonthlyQuota.RECHECK);
              assertThat(later.delivered()).isEmpty();
            });
    api.verify(2, postRequestedFor(urlEqualTo("/v1.0/robot/oToMessages/batchSend")));
  }

  @Test
  void api_calls_are_counted_but_not_the_access_token_or_the_address_book() {
    start(5000);
    dingtalk.platform().sendText("t1", "hi", List.of(U1)).block();
    dingtalk.directory(Duration.ofMinutes(10), api.baseUrl()).department("1").block();

    api.verify(1, postRequestedFor(urlEqualTo("/v1.0/oauth2/accessToken")));
    api.verify(1, postRequestedFor(urlPathEqualTo("/topapi/v2/department/get")));
    assertThat(monthly.api().use().block().used()).isEqualTo(1);
  }

  @Test
  void pushes_to_salesbot_are_counted_but_not_check_url_or_address_book_events() {
    InMemoryQuotas counters = new InMemoryQuotas(Payloads.CLOCK);
    InMemoryOnce once = new InMemoryOnce(Payloads.CLOCK);
    QuotaAlarm alarm = QuotaAlarm.tellManagers(() -> List.of(BOSS), outbox, new EchoMessages());
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    DingtalkMonthlyQuotas quotas =
        new DingtalkMonthlyQuotas(
            new MonthlyQuota(
                new MonthlyQuota.Limit("dingtalk", "api", 5000, zone),
                counters,
                once,
                alarm,
                Payloads.CLOCK),
            new MonthlyQuota(
                new MonthlyQuota.Limit("dingtalk", "push", 3000, zone),
                counters,
                once,
                alarm,
                Payloads.CLOCK));
    DingtalkAdapterConfiguration http =
        new DingtalkAdapterConfiguration(
            Payloads.settings("http://127.0.0.1:9", DingtalkSettings.Mode.HTTP),
            new InMemoryInboundQueue(),
            new InMemoryAccessTokens(),
            new InMemorySendBudgets(Payloads.CLOCK),
            null,
            quotas,
            Payloads.CLOCK);
    org.springframework.test.web.reactive.server.WebTestClient client =
        org.springframework.test.web.reactive.server.WebTestClient.bindToRouterFunction(
                http.routes())
            .build();
    String now = Long.toString(Payloads.NOW.toEpochMilli());
    DingtalkCrypto crypto =
        new DingtalkCrypto(Payloads.TOKEN, Payloads.AES_KEY, Payloads.CLIENT_ID);

    // A robot message pushed to the HTTP callback: one push.
    client
        .post()
        .uri("/callbacks/dingtalk/robot")
        .header("timestamp", now)
        .header("sign", DingtalkCrypto.robotSign(now, Payloads.CLIENT_SECRET))
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(Payloads.load("robot-text-help.json"))
        .exchange()
        .expectStatus()
        .isOk();
    // The callback URL check and an address-book event: not counted.
    for (String plain :
        List.of(
            "{\"EventType\":\"check_url\"}",
            "{\"EventType\":\"user_add_org\",\"UserId\":[\"u9\"]}")) {
      java.util.Map<String, String> m =
          crypto.encryptedMap(plain, now, "nonce0123456789a", "0123456789abcdef");
      client
          .post()
          .uri(
              java.net.URI.create(
                  "/callbacks/dingtalk?msg_signature="
                      + m.get("msg_signature")
                      + "&timestamp="
                      + now
                      + "&nonce=nonce0123456789a"))
          .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
          .bodyValue("{\"encrypt\":\"" + m.get("encrypt") + "\"}")
          .exchange()
          .expectStatus()
          .isOk();
    }
    // A message and a click over the Stream: two more.
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> message =
        DingtalkEvents.JSON.readValue(
            Payloads.load("stream-bot-text-help.json"), java.util.Map.class);
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> click =
        DingtalkEvents.JSON.readValue(
            Payloads.load("stream-card-callback-claim.json"), java.util.Map.class);
    http.stream().botMessages().execute(message);
    http.stream().cardCallbacks().execute(click);

    assertThat(quotas.pushes().use().block().used()).isEqualTo(3);
    assertThat(quotas.api().use().block().used()).isZero();
  }
}
