package io.salesbot.core.score.domain;

/**
 * How a scorecard dimension turns a rep's records of one period into a figure. Whatever the
 * measure, {@code metric} records naming the dimension win when there are any: a figure another
 * system computed replaces salesbot's own (summed for sums and counts, averaged for rates).
 */
public enum Measure {
  /** Σ {@code amount} of the rep's contracts signed in the period. */
  CONTRACT_AMOUNT(false),
  /**
   * 回款率: payments received in the period on the rep's contracts signed in the twelve months before
   * it, divided by what was still owed on those contracts when the period began. Contracts signed
   * in the period do not count yet (they are not owed at its start), so signing more never lowers
   * it. Without anything owed the dimension does not apply.
   */
  PAYMENT_RATE(true),
  /** The number of {@code new_customer} records. */
  NEW_CUSTOMERS(false),
  /** The number of effective {@code visit} records. */
  VISITS(false),
  /** The number of {@code knowledge_share} records. */
  KNOWLEDGE_SHARES(false),
  /** The number of {@code assist} records (co-credit on another rep's contract). */
  ASSISTS(false),
  /** Σ {@code hours} of the rep's {@code mentoring} records. */
  MENTORING_HOURS(false),
  /** The average {@code score} of the rep's {@code satisfaction} records. */
  SATISFACTION(true),
  /** Only {@code metric} records naming the dimension, summed. */
  METRIC_SUM(false),
  /** Only {@code metric} records naming the dimension, averaged (rates, shares). */
  METRIC_AVERAGE(true);

  private final boolean averaged;

  Measure(boolean averaged) {
    this.averaged = averaged;
  }

  /** Whether {@code metric} records for it are averaged (rates) rather than summed. */
  public boolean averaged() {
    return averaged;
  }
}
