package io.salesbot.core.score;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.score.domain.FeedCondition;
import io.salesbot.core.score.domain.FeedTally;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ops chat's feed-health cards: a source's condition raised (what, since when, which periods
 * now wait) and cleared (for how long; the periods still wait for a manager), and the biweekly
 * data-health card (双周数据健康度检查). No buttons: a group robot could not press them.
 */
final class FeedCards {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** At most this many sources are listed on the data-health card. */
  static final int REPORT_SOURCES = 20;

  private FeedCards() {}

  static String cardId(FeedCondition c) {
    return "feed-"
        + c.source().replaceAll("[^A-Za-z0-9-]", "-")
        + "-"
        + c.kind().wire()
        + "-"
        + c.since().toEpochMilli();
  }

  static String kind(Messages m, FeedCondition.Kind kind) {
    return m.get("feed.kind." + kind.wire());
  }

  static String time(Instant at, ZoneId zone) {
    return TIME.withZone(zone).format(at);
  }

  static Card raised(Messages m, FeedCondition c, Collection<YearMonth> periods, ZoneId zone) {
    return new Card(
        cardId(c),
        1,
        CardType.OPS_ALERT,
        m.get("feed.card.raised", c.source(), kind(m, c.kind())),
        List.of(
            new CardElement.Text(m.get("feed.card.raisedText", c.source(), c.detail())),
            new CardElement.Field(m.get("feed.field.periods"), months(periods)),
            new CardElement.Field(m.get("feed.field.since"), time(c.since(), zone)),
            new CardElement.Note(m.get("feed.card.note", c.source()))),
        List.of());
  }

  static Card resolved(Messages m, FeedCondition c, Instant at, ZoneId zone) {
    return new Card(
        cardId(c) + "-resolved",
        1,
        CardType.OPS_ALERT,
        m.get("feed.card.resolved", c.source(), kind(m, c.kind())),
        List.of(
            new CardElement.Text(
                m.get(
                    "feed.card.resolvedText",
                    c.source(),
                    duration(m, Duration.between(c.since(), at)))),
            new CardElement.Field(m.get("feed.field.since"), time(c.since(), zone)),
            new CardElement.Field(m.get("feed.field.resolvedAt"), time(at, zone)),
            new CardElement.Note(m.get("feed.card.note", c.source()))),
        List.of());
  }

  static Card report(
      Messages m,
      List<FeedTally> tallies,
      List<FeedCondition> up,
      Instant from,
      Instant to,
      ZoneId zone) {
    List<CardElement> elements = new ArrayList<>();
    if (tallies.isEmpty()) {
      elements.add(new CardElement.Text(m.get("feed.report.none")));
    }
    for (FeedTally t : tallies.subList(0, Math.min(REPORT_SOURCES, tallies.size()))) {
      elements.add(
          new CardElement.Text(
              m.get(
                  "feed.report.line",
                  t.source(),
                  t.delivered(),
                  t.quarantined(),
                  t.refused(),
                  t.failedPercent(),
                  duration(m, t.longestGap()),
                  time(t.last(), zone))));
    }
    if (!up.isEmpty()) {
      elements.add(
          new CardElement.Field(
              m.get("feed.report.up"),
              up.stream()
                  .map(c -> c.source() + " " + kind(m, c.kind()))
                  .collect(Collectors.joining("；"))));
    }
    elements.add(new CardElement.Note(m.get("feed.report.note")));
    String day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone).format(to);
    return new Card(
        "feed-health-" + day,
        1,
        CardType.OPS_ALERT,
        m.get(
            "feed.report.title",
            DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone).format(from),
            DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone).format(to.minusMillis(1))),
        elements,
        List.of());
  }

  static String months(Collection<YearMonth> periods) {
    return periods.stream().sorted().map(YearMonth::toString).collect(Collectors.joining("、"));
  }

  static String duration(Messages m, Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 86400) {
      return m.get("feed.duration.days", s / 86400, s % 86400 / 3600);
    }
    if (s >= 3600) {
      return m.get("ops.duration.hours", s / 3600, s % 3600 / 60);
    }
    if (s >= 60) {
      return m.get("ops.duration.minutes", s / 60, s % 60);
    }
    return m.get("ops.duration.seconds", s);
  }
}
