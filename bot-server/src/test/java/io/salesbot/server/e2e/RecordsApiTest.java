package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.lead.IntakeSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /api/v1/records} over HTTP: per-record answers and request-level problems. */
class RecordsApiTest extends EndToEndSupport {
  private static final String FINANCE = "finance-secret-789";
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Instant at = Instant.now();

  private WebTestClient.RequestHeadersSpec<?> post(
      String source, String secret, MediaType type, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return http.post()
        .uri("/api/v1/records")
        .contentType(type)
        .header("X-Salesbot-Source", source)
        .header(
            "X-Salesbot-Signature",
            IntakeSignature.sign(secret, Instant.now().getEpochSecond(), bytes))
        .bodyValue(bytes);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> results(String body) {
    Map<String, Object> answer =
        post("finance", FINANCE, MediaType.APPLICATION_JSON, body)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return (List<Map<String, Object>>) answer.get("results");
  }

  private Map<String, Object> problem(WebTestClient.RequestHeadersSpec<?> request, HttpStatus s) {
    return request
        .exchange()
        .expectStatus()
        .isEqualTo(s)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  private String contract(String id, String amount) {
    return "{\"type\":\"contract\",\"externalId\":\""
        + id
        + "\",\"rep\":\"sandbox:lisi\",\"occurredAt\":\""
        + at
        + "\",\"customer\":\"ACME\",\"amount\":"
        + amount
        + "}";
  }

  private String payment(String id, String contract, String amount) {
    return "{\"type\":\"payment\",\"externalId\":\""
        + id
        + "\",\"rep\":\"sandbox:zhangsan\",\"occurredAt\":\""
        + at
        + "\",\"contract\":\""
        + contract
        + "\",\"amount\":"
        + amount
        + "}";
  }

  @Test
  void records_sent_over_http_make_the_reps_draft_scorecard_in_chat() {
    // A closed month of its own (backfilled), so that no other test's records count in it.
    java.time.YearMonth month =
        java.time.YearMonth.of(2015, 1)
            .plusMonths(java.util.concurrent.ThreadLocalRandom.current().nextInt(120));
    String at = month.atDay(10).atTime(10, 0) + ":00+08:00";
    List<Map<String, Object>> r =
        results(
            "{\"records\":[{\"type\":\"contract\",\"externalId\":\"sc-"
                + run
                + "\",\"rep\":\"sandbox:zhangsan\",\"occurredAt\":\""
                + at
                + "\",\"backfill\":true,\"customer\":\"星河制造\",\"amount\":250000},"
                + "{\"type\":\"visit\",\"externalId\":\"sv-"
                + run
                + "\",\"rep\":\"sandbox:zhangsan\",\"occurredAt\":\""
                + at
                + "\",\"backfill\":true,\"customer\":\"星河制造\",\"duration\":30}]}");
    assertThat(r).extracting(a -> a.get("status")).containsExactly("accepted", "accepted");

    new SandboxDeals(this).say("zhangsan", "/绩效 " + month + " 明细");
    Map<String, Object> card =
        awaitItem(
            "zhangsan",
            i ->
                "text".equals(i.get("kind"))
                    && String.valueOf(i.get("text")).startsWith("张三 " + month + " 绩效"));
    assertThat(card.get("text").toString())
        .contains("合同金额：250000 / 目标 500000 → 50.00 分（1 条记录 finance/sc-" + run + "）")
        .contains("客户拜访：1 / 目标 20 → 5.00 分（1 条记录 finance/sv-" + run + "）")
        .contains("回款率：不适用")
        .contains("草稿");
  }

  @Test
  void the_seed_incident_in_small_payments_over_110_percent_are_quarantined_and_the_rep_held() {
    String c = "c-" + run;
    List<Map<String, Object>> r =
        results(
            "{\"records\":["
                + contract(c, "1000")
                + ","
                + payment("p1-" + run, c, "600")
                + ","
                + payment("p2-" + run, c, "650.50")
                + "]}");
    assertThat(r)
        .extracting(a -> a.get("status"))
        .containsExactly("accepted", "accepted", "quarantined");
    assertThat(r.get(2).toString()).contains("payment-over-contract");
    assertThat(
            count(
                "select count(*) from record_holds where lifted_at is null and rep ="
                    + " 'sandbox:zhangsan' and external_id = 'p2-"
                    + run
                    + "'"))
        .isEqualTo(1);

    // the corrected backfill lifts the hold
    List<Map<String, Object>> fixed =
        results("{\"records\":[" + payment("p2-" + run, c, "450") + "]}");
    assertThat(fixed.get(0)).containsEntry("status", "corrected").containsEntry("version", 2);
    assertThat(
            count(
                "select count(*) from record_holds where lifted_at is null and external_id = 'p2-"
                    + run
                    + "'"))
        .isZero();
  }

  @Test
  void the_same_record_again_is_accepted_unchanged_and_bad_fields_are_refused_alone() {
    String c = "c-" + run;
    results("{\"records\":[" + contract(c, "1000") + "]}");
    List<Map<String, Object>> r =
        results(
            "{\"records\":["
                + contract(c, "1000")
                + ",{\"type\":\"refund\",\"externalId\":\"x\"},"
                + payment("p-" + run, c, "\"abc\"")
                + "]}");
    assertThat(r.get(0)).containsEntry("status", "accepted").containsEntry("unchanged", true);
    assertThat(r.get(1)).containsEntry("status", "refused");
    assertThat(r.get(1).toString()).contains("refund").contains("rep").contains("occurredAt");
    assertThat(r.get(2)).containsEntry("status", "refused");
    assertThat(r.get(2).toString()).contains("amount");
    assertThat(count("select count(*) from record_versions where external_id = 'p-" + run + "'"))
        .isZero();
  }

  @Test
  void ndjson_batches_are_answered_line_by_line() {
    String c = "c-" + run;
    Map<String, Object> answer =
        post(
                "finance",
                FINANCE,
                MediaType.parseMediaType("application/x-ndjson"),
                contract(c, "1000") + "\n" + payment("p-" + run, c, "-1") + "\n")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(answer.toString()).contains("status=accepted").contains("negative-amount");
  }

  @Test
  void request_level_errors_are_problems() {
    String body = "{\"records\":[]}";
    assertThat(
            problem(
                post("finance", "wrong-secret-000", MediaType.APPLICATION_JSON, body),
                HttpStatus.UNAUTHORIZED))
        .extractingByKey("detail")
        .asString()
        .contains("signature");
    problem(post("web", WEB_SECRET, MediaType.APPLICATION_JSON, body), HttpStatus.FORBIDDEN);
    problem(
        post("finance", FINANCE, MediaType.TEXT_PLAIN, body), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    problem(post("finance", FINANCE, MediaType.APPLICATION_JSON, "{nope"), HttpStatus.BAD_REQUEST);
    problem(post("finance", FINANCE, MediaType.APPLICATION_JSON, "[1]"), HttpStatus.BAD_REQUEST);
    StringBuilder big = new StringBuilder("{\"records\":[");
    for (int i = 0; i <= 1000; i++) {
      big.append(i == 0 ? "" : ",").append("{}");
    }
    assertThat(
            problem(
                post("finance", FINANCE, MediaType.APPLICATION_JSON, big.append("]}").toString()),
                HttpStatus.CONTENT_TOO_LARGE))
        .containsEntry("detail", "a batch holds at most 1000 records, got 1001");
  }
}
