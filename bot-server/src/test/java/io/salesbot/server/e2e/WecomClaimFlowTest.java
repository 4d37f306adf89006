package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.server.e2e.PlatformFlows.Squad;
import io.salesbot.server.e2e.WecomCallbackSigning.Callback;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * WeCom end to end with WireMock as WeCom's API: a signed lead becomes a {@code template_card};
 * encrypted {@code template_card_event} clicks claim it; the cards are updated with the clicks'
 * {@code response_code}s; commands typed in WeCom are answered there. Each test has its own team
 * (see {@link Squad}).
 */
class WecomClaimFlowTest extends WecomSupport {

  /**
   * Waits until the lead's offer card has reached every rep of the squad (in one call, or in more
   * when a rep's send budget held them back) and checks it; returns the first of those calls.
   */
  private static List<Call> offers(Squad squad, String leadId) {
    List<Call> offers = awaitReached(SEND, taskOf("lead-" + leadId, 1), squad.all());
    for (Call offer : offers) {
      assertThat(offer.body().path("msgtype").asString()).isEqualTo("template_card");
      assertThat(offer.body().path("agentid").asInt()).isEqualTo(AGENT_ID);
      assertThat(offer.card().path("card_type").asString()).isEqualTo("button_interaction");
      assertThat(offer.query()).contains("access_token=E2E-TOKEN");
      assertThat(squad.all()).containsAll(recipients(offer));
    }
    return offers;
  }

  private static String claimKey(Call offer, String leadId) {
    return buttonKey(offer, "claim", leadId)
        .orElseThrow(() -> new AssertionError("no Claim button on " + offer.card()));
  }

  private static String code(Call c) {
    return c.body().path("response_code").asString("");
  }

  @Test
  void a_click_in_wecom_claims_the_lead_and_updates_every_card_with_the_right_code() {
    Map<String, Object> lead = pooledLead(CLAIM, "王先生");
    String leadId = (String) lead.get("id");
    String phone = (String) lead.get("phone");
    List<Call> offers = offers(CLAIM, leadId);
    Call offer = offers.get(0);
    assertThat(offer.title()).isEqualTo("新线索：王先生");
    assertThat(offer.body().toString())
        .contains(phone.substring(0, 3) + "****")
        .doesNotContain(phone);
    JsonNode buttons = offer.card().path("button_list");
    assertThat(buttons).hasSize(1);
    assertThat(buttons.get(0).path("text").asString()).isEqualTo("领取");
    assertThat(buttons.get(0).path("type").asInt()).isZero();
    Set<String> sendCodes = new HashSet<>();
    offers.forEach(o -> sendCodes.add(o.answer().path("response_code").asString()));

    String winner = CLAIM.rep(3);
    String clickCode = "RC-CLICK-" + winner + "-" + System.nanoTime();
    HttpResponse<String> ack =
        deliver(encrypted(clickXml(winner, offer.taskId(), claimKey(offer, leadId), clickCode)));
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).isEmpty();

    Map<String, Object> claimed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> lead(leadId), l -> "CLAIMED".equals(l.get("status")));
    assertThat(claimed)
        .containsEntry("owner", "wecom:" + winner)
        .containsEntry("ownerName", CLAIM.repName(3));
    assertThat(audits(leadId, "claimed")).isEqualTo(1);

    // The winner's card: updated with the code of the winner's own click, next actions on it.
    Call mine =
        awaitCall(UPDATE, taskOf("lead-" + leadId, 2).and(c -> c.userids().contains(winner)));
    assertThat(mine.userids()).containsExactly(winner);
    assertThat(code(mine)).isEqualTo(clickCode);
    assertThat(mine.body().path("agentid").asInt()).isEqualTo(AGENT_ID);
    assertThat(mine.title()).isEqualTo("你已领取：王先生");
    assertThat(mine.body().toString()).contains(phone);
    List<String> actions = new ArrayList<>();
    mine.card()
        .path("button_list")
        .forEach(b -> actions.add(decodeKey(b.path("key").asString())[0]));
    assertThat(actions).isNotEmpty().containsOnly("contacted");

    // Everybody else's card: updated with the code of the send that reached them, to
    // "已被 <winner> 领取"; nobody's card sent afresh.
    List<String> others = new ArrayList<>(CLAIM.all());
    others.remove(winner);
    List<Call> theirs =
        awaitReached(
            UPDATE, taskOf("lead-" + leadId, 2).and(c -> !c.userids().contains(winner)), others);
    for (Call c : theirs) {
      assertThat(others).containsAll(c.userids());
      assertThat(sendCodes).contains(code(c));
      assertThat(c.title()).isEqualTo("已被 " + CLAIM.repName(3) + " 领取：王先生");
      assertThat(c.card().path("card_type").asString()).isEqualTo("text_notice");
      assertThat(c.body().toString()).doesNotContain(phone);
    }
    assertThat(calls(SEND, taskOf("lead-" + leadId, 2))).isEmpty();
    assertThat(calls(UPDATE, taskOf("lead-" + leadId, 2)).stream().map(WecomClaimFlowTest::code))
        .doesNotHaveDuplicates();
  }

  @Test
  void twenty_clicks_from_twenty_users_at_once_give_one_owner() throws Exception {
    String leadId = (String) pooledLead(RACE, "并发客户").get("id");
    Call offer = offers(RACE, leadId).get(0);
    String key = claimKey(offer, leadId);

    List<Callback> clicks = new ArrayList<>();
    for (String rep : RACE.all()) {
      clicks.add(encrypted(clickXml(rep, offer.taskId(), key, "RC-RACE-" + rep)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(clicks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> acks = new ArrayList<>();
    try {
      for (Callback c : clicks) {
        acks.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return deliver(c).statusCode();
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
    String owner = ((String) lead(leadId).get("owner")).substring("wecom:".length());
    String ownerName = RACE.repName(RACE.all().indexOf(owner) + 1);

    // The winner: the card updated with the winner's own click code.
    Call mine =
        awaitCall(UPDATE, taskOf("lead-" + leadId, 2).and(c -> c.userids().contains(owner)));
    assertThat(mine.userids()).containsExactly(owner);
    assertThat(code(mine)).isEqualTo("RC-RACE-" + owner);
    assertThat(mine.title()).startsWith("你已领取");
    // The nineteen others: told in a text that it did not work, and their cards say who won.
    List<String> losers = new ArrayList<>(RACE.all());
    losers.remove(owner);
    List<Call> told = awaitReached(SEND, c -> c.text().contains("你的操作未生效"), losers);
    for (Call t : told) {
      if (losers.containsAll(recipients(t))) {
        assertThat(t.text()).contains("该线索已被 " + ownerName + " 领取");
      }
    }
    awaitReached(
        UPDATE,
        taskOf("lead-" + leadId, 2).and(c -> c.title().startsWith("已被 " + ownerName + " 领取")),
        losers);
    assertThat(calls(SEND, c -> c.touser().equals(owner) && c.text().contains("你的操作未生效")))
        .isEmpty();
  }

  @Test
  void the_same_click_delivered_three_times_has_one_effect() {
    String leadId = (String) pooledLead(RETRY, "重试客户").get("id");
    Call offer = offers(RETRY, leadId).get(0);
    String clicker = RETRY.rep(2);
    String code = "RC-RETRY-" + System.nanoTime();
    // WeCom retries the very same request (same body, same signature) up to three times.
    Callback click = encrypted(clickXml(clicker, offer.taskId(), claimKey(offer, leadId), code));
    for (int i = 0; i < 3; i++) {
      assertThat(deliver(click).statusCode()).isEqualTo(200);
    }

    awaitCall(UPDATE, c -> code.equals(code(c)));
    awaitReached(UPDATE, taskOf("lead-" + leadId, 2), RETRY.all());
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                audits(leadId, "claimed") == 1
                    && audits(leadId, "claim_rejected") == 0
                    && calls(SEND, c -> c.touser().equals(clicker) && !c.text().isEmpty())
                        .isEmpty());
    assertThat(lead(leadId)).containsEntry("owner", "wecom:" + clicker);
    assertThat(calls(UPDATE, c -> code.equals(code(c)))).hasSize(1);
  }

  @Test
  void pool_and_leads_typed_in_wecom_are_answered_there_with_claim_buttons() {
    // A lead that rep 1 owns, and one left in the pool.
    String ownedId = (String) pooledLead(COMMANDS, "跟进客户").get("id");
    Call offer = offers(COMMANDS, ownedId).get(0);
    String owner = COMMANDS.rep(1);
    deliver(encrypted(clickXml(owner, offer.taskId(), claimKey(offer, ownedId), "RC-OWN")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(ownedId), l -> ("wecom:" + owner).equals(l.get("owner")));
    String pooledId = (String) pooledLead(COMMANDS, "公海客户").get("id");
    offers(COMMANDS, pooledId);

    for (String command : List.of("/leads", "/我的线索")) {
      assertThat(deliver(encrypted(textXml(owner, command))).statusCode()).isEqualTo(200);
    }
    List<Call> answers =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> calls(SEND, c -> c.touser().equals(owner) && c.text().startsWith("你正在跟进的线索")),
                l -> l.size() == 2);
    for (Call a : answers) {
      assertThat(a.body().path("msgtype").asString()).isEqualTo("text");
      assertThat(a.text()).contains("#" + ownedId.substring(0, 8)).contains("跟进客户");
    }

    String asker = COMMANDS.rep(2);
    for (String command : List.of("/pool", "/公海")) {
      assertThat(deliver(encrypted(textXml(asker, command))).statusCode()).isEqualTo(200);
    }
    List<Call> pools =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> calls(SEND, c -> c.touser().equals(asker) && c.taskId().startsWith("pool-")),
                l -> l.size() == 2);
    for (Call p : pools) {
      assertThat(p.card().path("card_type").asString()).isEqualTo("button_interaction");
      assertThat(p.title()).isEqualTo(COMMANDS.name() + " 公海（1 条）");
      assertThat(buttonKey(p, "claim", pooledId)).isPresent();
      assertThat(buttonKey(p, "claim", ownedId)).isEmpty();
    }

    // Claim straight from the pool card.
    Call pool = pools.get(0);
    deliver(
        encrypted(
            clickXml(
                asker, pool.taskId(), buttonKey(pool, "claim", pooledId).orElseThrow(), "RC-P")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(pooledId), l -> ("wecom:" + asker).equals(l.get("owner")));
    // The pool card's click code is not a handle on the lead's card: the winner's lead card is
    // updated with the offer's code, or sent afresh when that code went to the others' update.
    Call mine =
        awaitReached(List.of(UPDATE, SEND), taskOf("lead-" + pooledId, 2), List.of(asker)).stream()
            .filter(c -> recipients(c).contains(asker))
            .findFirst()
            .orElseThrow();
    assertThat(mine.title()).isEqualTo("你已领取：公海客户");
  }

  /**
   * A response_code is single-use (WeCom, path/94888; PLATFORMS.md): after a claim from the pool
   * card, whose click code belongs to the pool card and not to the lead's card, the lead's card
   * must still be updated with each code at most once, or WeCom refuses the second update.
   */
  @Test
  void a_claim_from_the_pool_card_uses_each_response_code_once() {
    String leadId = (String) pooledLead(ONE_CODE, "公海单码").get("id");
    offers(ONE_CODE, leadId);
    String asker = ONE_CODE.rep(2);
    deliver(encrypted(textXml(asker, "/pool")));
    Call pool =
        awaitCall(
            SEND,
            c ->
                c.touser().equals(asker)
                    && c.taskId().startsWith("pool-")
                    && buttonKey(c, "claim", leadId).isPresent());
    deliver(
        encrypted(
            clickXml(
                asker, pool.taskId(), buttonKey(pool, "claim", leadId).orElseThrow(), "RC-P1")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lead(leadId), l -> ("wecom:" + asker).equals(l.get("owner")));
    // Everyone's card shows the claim: updated, or (once the code is used) sent afresh.
    awaitReached(List.of(UPDATE, SEND), taskOf("lead-" + leadId, 2), ONE_CODE.all());
    List<String> codes =
        calls(UPDATE, taskOf("lead-" + leadId, 2)).stream().map(WecomClaimFlowTest::code).toList();
    assertThat(codes).doesNotHaveDuplicates();
  }
}
