package io.salesbot.core.score.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A record source that is unwell: which source, which condition, since when, and what was seen (a
 * short text for people, e.g. {@code payment：新字段 amount_cents；缺少字段 amount}).
 */
public record FeedCondition(String source, Kind kind, Instant since, String detail) {
  public FeedCondition {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(detail, "detail");
  }

  /** The three conditions of feed health. */
  public enum Kind {
    /** Delivered before, and nothing for longer than its configured gap. */
    SILENT("silent"),
    /** Too many of its latest records quarantined or refused. */
    FAILING("failing"),
    /** Its records carry fields its earlier records did not, or lack ones they always had. */
    SHAPE("shape");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The name stored and shown in card notes. */
    public String wire() {
      return wire;
    }

    public static Kind ofWire(String wire) {
      for (Kind k : values()) {
        if (k.wire.equals(wire)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no feed condition '" + wire + "'");
    }
  }
}
