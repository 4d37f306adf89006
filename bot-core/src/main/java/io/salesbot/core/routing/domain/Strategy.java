package io.salesbot.core.routing.domain;

import java.util.Locale;

/** How a team hands its leads to its reps. */
public enum Strategy {
  /** 抢单: the card goes to every available rep; the first claim wins. */
  GRAB("grab"),
  /** One rep at a time, in turn, weighted by each rep's weight. */
  ROUND_ROBIN("round-robin"),
  /** The available rep with the fewest open leads; ties broken at random. */
  LEAST_LOADED("least-loaded"),
  /** Reps whose skills name the lead's industry or product, then least-loaded among them. */
  SKILL("skill");

  private final String key;

  Strategy(String key) {
    this.key = key;
  }

  /** The name used in configuration, e.g. {@code round-robin}. */
  public String key() {
    return key;
  }

  /** Whether the lead is offered to one rep at a time (with Accept / Decline). */
  public boolean pushes() {
    return this != GRAB;
  }

  /**
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Strategy parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Strategy s : values()) {
      if (s.key.equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown strategy '" + text + "'; use grab, round-robin, least-loaded or skill");
  }
}
