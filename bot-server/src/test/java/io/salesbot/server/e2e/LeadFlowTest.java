package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Signed lead in → stored, routed, card in every rep's sandbox inbox → first claim wins. */
class LeadFlowTest extends EndToEndSupport {
  @Autowired RedisAdapter redis;

  private Map<String, Object> awaitPooled(String intakeId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")));
  }

  @Test
  void signed_lead_reaches_the_team_as_a_card_and_the_first_claim_wins() {
    String phone = randomPhone();
    String intakeId =
        submit(
            "{\"name\":\"王先生\",\"phone\":\"+86 "
                + phone
                + "\",\"company\":\"上海某某制造\",\"region\":\"华东\",\"product\":\"CRM\",\"attributes\":{\"utm\":\"baidu\"}}");
    Map<String, Object> lead = awaitPooled(intakeId);
    String leadId = (String) lead.get("id");
    String cardId = "lead-" + leadId;
    assertThat(lead)
        .containsEntry("team", "east")
        .containsEntry("priority", "HOT")
        .containsEntry("phone", phone);

    for (String rep : List.of("zhangsan", "lisi", "wangwu")) {
      Map<String, Object> card = awaitItem(rep, card(cardId, "LEAD_OFFER"));
      assertThat(card.get("title")).isEqualTo("新线索：王先生");
      assertThat(card.toString()).contains(phone.substring(0, 3) + "****").doesNotContain(phone);
      assertThat((List<?>) card.get("buttons")).hasSize(1);
    }
    assertThat(inbox("chenqi")).noneMatch(card(cardId, "LEAD_OFFER"));

    http.post()
        .uri("/sandbox/actions")
        .bodyValue(Map.of("userId", "lisi", "cardId", cardId, "action", "claim", "payload", leadId))
        .exchange()
        .expectStatus()
        .isAccepted();

    Map<String, Object> mine = awaitItem("lisi", card(cardId, "LEAD_CLAIMED_BY_YOU"));
    assertThat(mine.get("version")).isEqualTo(2);
    assertThat(mine.toString()).contains(phone);
    Map<String, Object> theirs = awaitItem("zhangsan", card(cardId, "LEAD_CLAIMED_BY_OTHER"));
    assertThat(theirs.get("title")).isEqualTo("已被 李四 领取：王先生");
    assertThat(inbox("zhangsan").stream().filter(i -> cardId.equals(i.get("cardId")))).hasSize(1);

    // The cards are updated before the deal is opened (ClaimLead): wait for its audit entry.
    Map<String, Object> claimed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> lead(leadId),
                l ->
                    ((List<Map<String, Object>>) l.get("history"))
                        .stream().anyMatch(h -> "deal_opened".equals(h.get("action"))));
    assertThat(claimed)
        .containsEntry("status", "CLAIMED")
        .containsEntry("owner", "sandbox:lisi")
        .containsEntry("ownerName", "李四");
    assertThat((List<Map<String, Object>>) claimed.get("history"))
        .extracting(h -> h.get("action"))
        .containsExactly("created", "routed", "claimed", "deal_opened");
    assertThat(((List<Map<String, Object>>) claimed.get("history")).get(1).get("reason").toString())
        .contains("region=华东 matched team east");
  }

  @Test
  void the_lead_view_shows_each_response_time_once_it_is_reached() {
    String intakeId = submit("{\"name\":\"计时先生\",\"region\":\"华东\"}");
    Map<String, Object> pooled = awaitPooled(intakeId);
    String leadId = (String) pooled.get("id");
    assertThat(pooled.get("responseDueAt")).isNotNull();
    assertThat(Instant.parse((String) pooled.get("responseDueAt")))
        .isAfter(Instant.parse((String) pooled.get("createdAt")));
    assertThat(pooled)
        .containsEntry("arrivalToClaim", null)
        .containsEntry("claimToFirstTouch", null)
        .containsEntry("arrivalToFirstTouch", null);

    String cardId = "lead-" + leadId;
    pressButton("wangwu", awaitItem("wangwu", card(cardId, "LEAD_OFFER")), "claim");
    Map<String, Object> mine = awaitItem("wangwu", card(cardId, "LEAD_CLAIMED_BY_YOU"));
    Map<String, Object> claimed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> lead(leadId), l -> l.get("arrivalToClaim") != null);
    assertThat(claimed).containsEntry("claimToFirstTouch", null);

    pressButton("wangwu", mine, "contacted");
    Map<String, Object> touched =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> lead(leadId), l -> l.get("arrivalToFirstTouch") != null);
    Duration claim = Duration.parse((String) touched.get("arrivalToClaim"));
    Duration touch = Duration.parse((String) touched.get("claimToFirstTouch"));
    assertThat(claim).isEqualTo(Duration.parse((String) claimed.get("arrivalToClaim")));
    assertThat(Duration.parse((String) touched.get("arrivalToFirstTouch")))
        .isEqualTo(claim.plus(touch));
    assertThat(touched.get("responseDueAt")).isEqualTo(pooled.get("responseDueAt"));
  }

  @Test
  void twenty_concurrent_claims_give_one_owner_and_nineteen_already_claimed() {
    String intakeId = submit("{\"name\":\"并发测试\",\"region\":\"测试区\"}");
    String leadId = (String) awaitPooled(intakeId).get("id");
    awaitItem("bulk20", card("lead-" + leadId, "LEAD_OFFER"));

    Flux.fromStream(IntStream.rangeClosed(1, 20).boxed())
        .parallel(20)
        .runOn(Schedulers.boundedElastic())
        .flatMap(
            i ->
                redis
                    .inboundQueue()
                    .enqueue(
                        new InboundEvent.CardAction(
                            "race-" + UUID.randomUUID(),
                            Address.parse(String.format("sandbox:bulk%02d", i)),
                            "lead-" + leadId,
                            "claim",
                            leadId,
                            Instant.now())))
        .sequential()
        .blockLast();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "select count(*) from lead_audit where lead_id = '"
                            + leadId
                            + "' and action = 'claim_rejected'")
                    == 19);
    assertThat(
            count(
                "select count(*) from lead_audit where lead_id = '"
                    + leadId
                    + "' and action = 'claimed'"))
        .isEqualTo(1);
    String owner = ((String) lead(leadId).get("owner")).substring("sandbox:".length());
    awaitItem(owner, card("lead-" + leadId, "LEAD_CLAIMED_BY_YOU"));
    for (int i = 1; i <= 20; i++) {
      String rep = String.format("bulk%02d", i);
      if (!rep.equals(owner)) {
        awaitItem(
            rep,
            item ->
                "text".equals(item.get("kind")) && item.get("text").toString().contains("你的操作未生效"));
      }
    }
  }

  @Test
  void the_same_idempotency_key_or_external_id_creates_nothing_new() {
    String phone = randomPhone();
    String body = "{\"name\":\"赵女士\",\"phone\":\"" + phone + "\",\"region\":\"华南\"}";
    String first = signedWithKey(body, "key-" + phone);
    String again = signedWithKey(body, "key-" + phone);
    assertThat(again).isEqualTo(first);
    String ext = "{\"name\":\"钱先生\",\"region\":\"华南\",\"externalId\":\"crm-" + phone + "\"}";
    assertThat(submit(ext)).isEqualTo(submit(ext));
    awaitPooled(first);
    assertThat(count("select count(*) from leads where phone = '" + phone + "'")).isEqualTo(1);
  }

  @Test
  void the_same_phone_again_is_merged_into_the_first_lead() {
    String phone = randomPhone();
    String first = submit("{\"name\":\"孙先生\",\"phone\":\"" + phone + "\",\"region\":\"华南\"}");
    String firstLead = (String) awaitPooled(first).get("id");
    String second = submit("{\"name\":\"孙先生\",\"phone\":\"" + phone + "\",\"region\":\"华东\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                ((List<Map<String, Object>>) lead(firstLead).get("history"))
                    .stream().anyMatch(h -> "merged".equals(h.get("action"))));
    assertThat(lead(second).get("id")).isEqualTo(firstLead);
    assertThat(count("select count(*) from leads where phone = '" + phone + "'")).isEqualTo(1);
  }

  private String signedWithKey(String body, String key) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return (String)
        http.post()
            .uri("/api/v1/leads")
            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
            .header("X-Salesbot-Source", "web")
            .header("Idempotency-Key", key)
            .header(
                "X-Salesbot-Signature",
                io.salesbot.core.lead.IntakeSignature.sign(
                    WEB_SECRET, Instant.now().getEpochSecond(), bytes))
            .bodyValue(bytes)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(
                new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody()
            .get("intakeId");
  }
}
