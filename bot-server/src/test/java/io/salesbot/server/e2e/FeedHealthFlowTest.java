package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.Salesbot;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Feed health over HTTP (issue 14, the seed's incident on its first day): a payment feed that
 * changes format — {@code amount_cents} instead of {@code amount} — is refused record by record,
 * and the first such record raises the alert card in the ops chat (a sandbox chat here), holds the
 * month's publication, and the hold shows in {@code /隔离}; a manager releases it with a reason. At
 * start-up the next biweekly data-health card is armed.
 */
class FeedHealthFlowTest extends EndToEndSupport {
  static final String RUN = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
  static final String SOURCE = "ledger" + RUN;
  static final String SECRET = "ledger-secret-" + RUN;
  static final String OPS = "opsroom" + RUN;

  @DynamicPropertySource
  static void feeds(DynamicPropertyRegistry registry) {
    PlatformFlows.isolate(registry, "it-feed-health-" + RUN);
    registry.add("salesbot.ops.target", () -> "sandbox:" + OPS);
    registry.add("salesbot.ops.interval", () -> "1h");
    registry.add("salesbot.intake.sources." + SOURCE + ".secret", () -> SECRET);
    registry.add("salesbot.intake.sources." + SOURCE + ".records", () -> "true");
    registry.add("salesbot.records.sources." + SOURCE + ".max-gap", () -> "26h");
    registry.add("salesbot.records.feed-health.check-interval", () -> "1h");
  }

  @Autowired Salesbot salesbot;

  private List<Map<String, Object>> send(String body) {
    return sendRecords(SOURCE, SECRET, Instant.now().getEpochSecond(), body);
  }

  private static String customer(String id) {
    return "{\"type\":\"new_customer\",\"externalId\":\""
        + id
        + "\",\"rep\":\"sandbox:zhangsan\",\"occurredAt\":\""
        + Instant.now()
        + "\",\"customer\":\"星河制造\"}";
  }

  @Test
  void a_payment_feed_that_changes_format_alerts_ops_on_its_first_record_and_holds_the_month() {
    assertThat(send("{\"records\":[" + customer("n1-" + RUN) + "]}"))
        .extracting(r -> r.get("status"))
        .containsExactly("accepted");

    List<Map<String, Object>> r =
        send(
            "{\"records\":[{\"type\":\"payment\",\"externalId\":\"p1-"
                + RUN
                + "\",\"rep\":\"sandbox:zhangsan\",\"occurredAt\":\""
                + Instant.now()
                + "\",\"contract\":\"c-"
                + RUN
                + "\",\"amount_cents\":65050}]}");
    assertThat(r).extracting(a -> a.get("status")).containsExactly("refused");

    Map<String, Object> card =
        awaitItem(OPS, i -> ("【数据源异常】" + SOURCE + "：数据格式变化").equals(i.get("title")));
    assertThat(card.toString())
        .contains("payment 出现新字段 amount_cents")
        .contains("payment 缺少字段 amount")
        .contains("/隔离 放行数据源 " + SOURCE);

    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    assertThat(salesbot.feedHealth().heldBecause(month).block())
        .anySatisfy(reason -> assertThat(reason).startsWith("数据源 " + SOURCE + " 数据格式变化："));

    new SandboxDeals(this).say("zhaoliu", "/隔离");
    Map<String, Object> answer =
        awaitItem(
            "zhaoliu",
            i ->
                "text".equals(i.get("kind"))
                    && String.valueOf(i.get("text")).startsWith("因数据源异常暂停发布的月份"));
    assertThat(answer.get("text").toString()).contains(month + " · 数据源 " + SOURCE + " · 数据格式变化");

    new SandboxDeals(this).say("zhaoliu", "/隔离 放行数据源 " + SOURCE + " 已与财务核对，改回 amount");
    awaitItem(
        "zhaoliu",
        i -> String.valueOf(i.get("text")).equals("已放行数据源 " + SOURCE + " 的 1 项暂停发布，放行人与原因已记录。"));
    assertThat(salesbot.feedHealth().heldBecause(month).block())
        .noneSatisfy(reason -> assertThat(reason).contains(SOURCE));
    assertThat(
            count(
                "select count(*) from feed_holds where source = '"
                    + SOURCE
                    + "' and released_by = 'sandbox:zhaoliu'"
                    + " and released_reason = '已与财务核对，改回 amount'"))
        .isEqualTo(1);
  }

  @Test
  void the_biweekly_data_health_card_is_armed_once_at_start_up() {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () ->
                count(
                    "select count(*) from timers where kind = 'feed-health-report'"
                        + " and due_at > now() and due_at <= now() + interval '14 days'"),
            n -> n == 1);
  }
}
