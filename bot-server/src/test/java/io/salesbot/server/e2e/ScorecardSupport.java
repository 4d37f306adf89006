package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the scorecard end-to-end tests share: contract records for a month of the test's own, sent
 * signed to {@code POST /api/v1/records}, and waiting for texts and cards in the sandbox inboxes.
 */
abstract class ScorecardSupport extends EndToEndSupport {
  private static final String FINANCE = "finance-secret-789";
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** The test's month: its own, so that no other test's records count. */
  protected final YearMonth month;

  ScorecardSupport(YearMonth month) {
    this.month = month;
  }

  /** A contract of {@code rep} on the 10th of the month, from source finance. */
  void send(String rep, String id, String amount) {
    String at = month.atDay(10).atTime(10, 0) + ":00+08:00";
    String body =
        "{\"records\":[{\"type\":\"contract\",\"externalId\":\""
            + id
            + "-"
            + run
            + "\",\"rep\":\"sandbox:"
            + rep
            + "\",\"occurredAt\":\""
            + at
            + "\",\"backfill\":true,\"customer\":\"星河制造\",\"amount\":"
            + amount
            + "}]}";
    List<Map<String, Object>> answer =
        sendRecords("finance", FINANCE, Instant.now().getEpochSecond(), body);
    assertThat(answer.toString()).contains("status=accepted");
  }

  /** The first text in the user's inbox that starts so, once there is one. */
  String text(String user, String startsWith) {
    return awaitItem(
            user,
            i ->
                "text".equals(i.get("kind"))
                    && String.valueOf(i.get("text")).startsWith(startsWith))
        .get("text")
        .toString();
  }

  /** The first card in the user's inbox with that title whose elements contain {@code note}. */
  Map<String, Object> card(String user, String title, String note) {
    return awaitItem(
        user,
        i ->
            "card".equals(i.get("kind"))
                && title.equals(i.get("title"))
                && String.valueOf(i.get("elements")).contains(note));
  }
}
