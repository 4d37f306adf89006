package io.salesbot.core.ops;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The ops chat's alert cards: one when a condition is raised (what, the figure, the alert line,
 * since when, what to do) and one when it is resolved (the figure, the clear line, how long it
 * lasted). No buttons: a group robot could not press them.
 */
public final class OpsCards {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private OpsCards() {}

  /** How a figure reads. */
  enum Unit {
    COUNT,
    PERCENT,
    SECONDS
  }

  /** The card id of the alert raised for {@code condition} at {@code since}. */
  static String cardId(String condition, Instant since) {
    return "ops-" + condition.replaceAll("[^A-Za-z0-9-]", "-") + "-" + since.toEpochMilli();
  }

  /** The condition as people read it, e.g. "wecom 发件箱积压". */
  static String what(Messages messages, OpsAlerts.Reading r) {
    return messages.get("ops.condition." + r.kind(), r.label());
  }

  static Card raised(Messages messages, OpsAlerts.Reading r, Instant since, ZoneId zone) {
    return new Card(
        cardId(r.condition(), since),
        1,
        CardType.OPS_ALERT,
        messages.get("ops.card.raised", what(messages, r)),
        List.of(
            new CardElement.Text(messages.get("ops.advice." + r.kind(), r.label())),
            new CardElement.Field(messages.get("ops.field.now"), figure(messages, r, r.value())),
            new CardElement.Field(
                messages.get("ops.field.raiseAt"), figure(messages, r, r.lines().raiseAt())),
            new CardElement.Field(
                messages.get("ops.field.since"), TIME.withZone(zone).format(since)),
            new CardElement.Note(messages.get("ops.card.note", r.condition()))),
        List.of());
  }

  static Card resolved(
      Messages messages, OpsAlerts.Reading r, Instant since, Instant at, ZoneId zone) {
    return new Card(
        cardId(r.condition(), since) + "-resolved",
        1,
        CardType.OPS_ALERT,
        messages.get("ops.card.resolved", what(messages, r)),
        List.of(
            new CardElement.Text(
                messages.get(
                    "ops.card.resolvedText",
                    what(messages, r),
                    duration(messages, Duration.between(since, at)))),
            new CardElement.Field(messages.get("ops.field.now"), figure(messages, r, r.value())),
            new CardElement.Field(
                messages.get("ops.field.clearBelow"), figure(messages, r, r.lines().clearBelow())),
            new CardElement.Field(
                messages.get("ops.field.since"), TIME.withZone(zone).format(since)),
            new CardElement.Field(
                messages.get("ops.field.resolvedAt"), TIME.withZone(zone).format(at)),
            new CardElement.Note(messages.get("ops.card.note", r.condition()))),
        List.of());
  }

  static String figure(Messages messages, OpsAlerts.Reading r, long value) {
    return switch (r.unit()) {
      case COUNT -> Long.toString(value);
      case PERCENT -> value + "%";
      case SECONDS -> duration(messages, Duration.ofSeconds(value));
    };
  }

  static String duration(Messages messages, Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return messages.get("ops.duration.hours", s / 3600, s % 3600 / 60);
    }
    if (s >= 60) {
      return messages.get("ops.duration.minutes", s / 60, s % 60);
    }
    return messages.get("ops.duration.seconds", s);
  }
}
