package io.salesbot.server.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.salesbot.server.e2e.PlatformFlows.Squad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * DingTalk end to end in HTTP mode with WireMock as DingTalk's API: a signed lead becomes an
 * interactive card ({@code createAndDeliver} with our {@code outTrackId}); card callbacks claim it;
 * the card instance is updated with per-user private data.
 */
class DingtalkCardFlowTest extends DingtalkSupport {

  /**
   * Waits until the lead's card has been created in every rep's chat (in one call, or in more when
   * a rep's send budget held them back) and checks it; returns the first of those calls.
   */
  private static Call offerCard(Squad squad, String leadId) {
    String outTrackId = "lead-" + leadId;
    List<Call> creates =
        awaitReached(
            "POST",
            CREATE,
            c -> c.outTrackId().equals(outTrackId) && c.status() == 200,
            squad.all());
    for (Call create : creates) {
      assertThat(create.token()).isEqualTo("E2E-DT-TOKEN");
      assertThat(create.body().path("callbackType").asString()).isEqualTo("HTTP");
      assertThat(create.body().path("callbackRouteKey").asString()).isEqualTo(ROUTE_KEY);
      assertThat(create.body().path("cardTemplateId").asString()).isEqualTo("e2e-template.schema");
      assertThat(squad.all()).containsAll(spaces(create));
      assertThat(create.params().path("type").asString()).isEqualTo("lead_offer");
      assertThat(create.params().path("buttonCount").asString()).isEqualTo("1");
      assertThat(decodeKey(create.params().path("btn1Key").asString()))
          .containsExactly(outTrackId, "claim", leadId);
    }
    return creates.get(0);
  }

  private static String claimKey(Call create) {
    return create.params().path("btn1Key").asString();
  }

  @Test
  void a_click_claims_the_lead_and_the_card_shows_each_user_the_right_private_data() {
    Map<String, Object> lead = pooledLead(CLAIM, "李女士");
    String leadId = (String) lead.get("id");
    String phone = (String) lead.get("phone");
    String outTrackId = "lead-" + leadId;
    Call create = offerCard(CLAIM, leadId);
    assertThat(create.params().path("title").asString()).isEqualTo("新线索：李女士");
    assertThat(create.body().toString()).doesNotContain(phone);

    String winner = CLAIM.rep(5);
    assertThat(click(cardClick(outTrackId, winner, claimKey(create)))).isEqualTo(200);

    Map<String, Object> claimed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> lead(leadId), l -> "CLAIMED".equals(l.get("status")));
    assertThat(claimed)
        .containsEntry("owner", "dingtalk:" + winner)
        .containsEntry("ownerName", CLAIM.repName(5));
    assertThat(audits(leadId, "claimed")).isEqualTo(1);

    Call mine =
        awaitCall(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && c.privateUsers().contains(winner));
    assertThat(mine.privateUsers()).containsExactly(winner);
    assertThat(mine.token()).isEqualTo("E2E-DT-TOKEN");
    assertThat(mine.privateParams(winner).path("type").asString()).isEqualTo("lead_claimed_by_you");
    assertThat(mine.privateParams(winner).path("title").asString()).isEqualTo("你已领取：李女士");
    assertThat(mine.privateParams(winner).path("markdown").asString()).contains(phone);
    assertThat(decodeKey(mine.privateParams(winner).path("btn1Key").asString())[1])
        .isEqualTo("contacted");
    assertThat(mine.body().path("cardUpdateOptions").path("updatePrivateDataByKey").asBoolean())
        .isTrue();

    List<String> others = new ArrayList<>(CLAIM.all());
    others.remove(winner);
    List<Call> theirs =
        awaitReached(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && !c.privateUsers().contains(winner),
            others);
    for (Call c : theirs) {
      for (String other : c.privateUsers()) {
        assertThat(others).contains(other);
        assertThat(c.privateParams(other).path("type").asString())
            .isEqualTo("lead_claimed_by_other");
        assertThat(c.privateParams(other).path("title").asString())
            .isEqualTo("已被 " + CLAIM.repName(5) + " 领取：李女士");
        assertThat(c.privateParams(other).path("buttonCount").asString()).isEqualTo("0");
      }
      assertThat(c.body().toString()).doesNotContain(phone);
    }
  }

  @Test
  void twenty_users_clicking_at_once_give_one_owner() throws Exception {
    String leadId = (String) pooledLead(RACE, "并发钉钉").get("id");
    String outTrackId = "lead-" + leadId;
    String key = claimKey(offerCard(RACE, leadId));

    ExecutorService pool = Executors.newFixedThreadPool(RACE.size());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> acks = new ArrayList<>();
    try {
      for (String rep : RACE.all()) {
        String body = cardClick(outTrackId, rep, key);
        acks.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return click(body);
                },
                pool));
      }
      go.countDown();
      for (CompletableFuture<Integer> a : acks) {
        assertThat(a.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> audits(leadId, "claim_rejected") == RACE.size() - 1);
    assertThat(audits(leadId, "claimed")).isEqualTo(1);
    String owner = ((String) lead(leadId).get("owner")).substring("dingtalk:".length());
    String ownerName = RACE.repName(RACE.all().indexOf(owner) + 1);

    Call mine =
        awaitCall(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && c.privateUsers().contains(owner));
    assertThat(mine.privateUsers()).containsExactly(owner);
    assertThat(mine.privateParams(owner).path("type").asString()).isEqualTo("lead_claimed_by_you");
    List<String> losers = new ArrayList<>(RACE.all());
    losers.remove(owner);
    List<Call> theirs =
        awaitReached(
            "PUT",
            UPDATE,
            c -> c.outTrackId().equals(outTrackId) && !c.privateUsers().contains(owner),
            losers);
    for (Call c : theirs) {
      for (String rep : c.privateUsers()) {
        assertThat(c.privateParams(rep).path("title").asString())
            .startsWith("已被 " + ownerName + " 领取");
      }
    }
    List<Call> told = awaitReached("POST", BATCH_SEND, c -> c.text().contains("你的操作未生效"), losers);
    for (Call t : told) {
      if (losers.containsAll(t.userIds())) {
        assertThat(t.text()).contains("该线索已被 " + ownerName + " 领取");
      }
    }
    assertThat(
            calls(
                "POST",
                BATCH_SEND,
                c -> c.userIds().contains(owner) && c.text().contains("你的操作未生效")))
        .isEmpty();
  }

  @Test
  void registers_the_card_callback_url_for_the_route_key_at_start_up() {
    Call register = awaitCall("POST", REGISTER, c -> true);
    assertThat(register.token()).isEqualTo("E2E-DT-TOKEN");
    assertThat(register.body().path("callbackRouteKey").asString()).isEqualTo(ROUTE_KEY);
    assertThat(register.body().path("callbackUrl").asString())
        .isEqualTo(PUBLIC_BASE_URL + "/callbacks/dingtalk/card");
    assertThat(register.body().path("apiSecret").asString()).isEqualTo(CARD_SECRET);
    assertThat(register.body().path("forceUpdate").asBoolean()).isTrue();
  }

  @Test
  void a_card_click_answers_with_the_pending_update_and_a_forged_one_is_refused() {
    String leadId = (String) pooledLead(RETRY, "签名钉钉").get("id");
    String outTrackId = "lead-" + leadId;
    String clicker = RETRY.rep(1);
    String body = cardClick(outTrackId, clicker, claimKey(offerCard(RETRY, leadId)));

    String ts = Long.toString(java.time.Instant.now().toEpochMilli());
    int forged =
        PlatformFlows.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + port + "/callbacks/dingtalk/card"))
                    .header("Content-Type", "application/json")
                    .header("x-ddpaas-signature-timestamp", ts)
                    .header("x-ddpaas-signature", sign(ts))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding())
            .statusCode();
    assertThat(forged).as("signed with the robot's scheme, not the card secret").isEqualTo(401);
    assertThat(lead(leadId)).containsEntry("status", "POOLED");

    java.net.http.HttpResponse<String> answer = clickResponse(body);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(answer.body());
    assertThat(json.path("userPrivateData").path("cardParamMap").path("buttonCount").asString())
        .isEqualTo("0");
    assertThat(json.path("cardUpdateOptions").path("updatePrivateDataByKey").asBoolean()).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> "CLAIMED".equals(l.get("status")));
  }

  @Test
  void the_same_card_callback_twice_has_one_effect() {
    String leadId = (String) pooledLead(RETRY, "重复钉钉").get("id");
    String outTrackId = "lead-" + leadId;
    String clicker = RETRY.rep(2);
    String click = cardClick(outTrackId, clicker, claimKey(offerCard(RETRY, leadId)));
    int textsBefore = calls("POST", BATCH_SEND, c -> c.userIds().contains(clicker)).size();
    assertThat(click(click)).isEqualTo(200);
    assertThat(click(click)).isEqualTo(200);

    awaitCall(
        "PUT",
        UPDATE,
        c -> c.outTrackId().equals(outTrackId) && c.privateUsers().contains(clicker));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                audits(leadId, "claimed") == 1
                    && audits(leadId, "claim_rejected") == 0
                    && calls(
                                "PUT",
                                UPDATE,
                                c ->
                                    c.outTrackId().equals(outTrackId)
                                        && c.privateUsers().contains(clicker))
                            .size()
                        == 1
                    && calls("POST", BATCH_SEND, c -> c.userIds().contains(clicker)).size()
                        == textsBefore);
    assertThat(lead(leadId)).containsEntry("owner", "dingtalk:" + clicker);
  }

  @Test
  void a_throttled_card_is_delivered_once_after_the_throttling_ends() {
    String name = "限流" + RUN;
    String scenario = "throttle-" + RUN;
    dingtalk.stubFor(
        post(urlPathEqualTo(CREATE))
            .atPriority(1)
            .withRequestBody(containing(name))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("{\"errcode\":90002,\"errmsg\":\"服务器繁忙，请稍后重试\"}"))
            .willSetStateTo("recovered"));
    dingtalk.stubFor(
        post(urlPathEqualTo(CREATE))
            .atPriority(1)
            .withRequestBody(containing(name))
            .inScenario(scenario)
            .whenScenarioStateIs("recovered")
            .willReturn(okJson("{\"success\":true,\"result\":{\"deliverResults\":[]}}")));

    String leadId = (String) pooledLead(THROTTLE, name).get("id");
    String outTrackId = "lead-" + leadId;
    offerCard(THROTTLE, leadId);

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> calls("POST", CREATE, c -> c.outTrackId().equals(outTrackId)).size(),
            n -> n == 2);
    List<Call> creates = calls("POST", CREATE, c -> c.outTrackId().equals(outTrackId));
    // The first attempt was throttled, the second went through; nothing was sent a third time.
    assertThat(creates.get(0).answer()).contains("90002");
    assertThat(creates.get(1).answer()).contains("\"success\":true");
    assertThat(creates.get(0).body()).isEqualTo(creates.get(1).body());
    assertThat(count("select count(*) from deliveries where command_id = 'offer-" + leadId + "'"))
        .isEqualTo(THROTTLE.size());
  }
}
