package io.salesbot.core.score.domain;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rep's figure and score on one dimension, with the records that produced it (so every number can
 * be traced). Without a figure (nothing owed for a payment rate, no satisfaction score, no metric
 * for an averaged metric) the dimension does not apply and its weight goes to the others.
 */
public record DimensionScore(
    String id,
    @Nullable BigDecimal figure,
    BigDecimal target,
    @Nullable BigDecimal score,
    List<RecordKey> records) {
  public DimensionScore {
    records = List.copyOf(records);
  }

  /** The same score without the records behind it. */
  public DimensionScore withoutRecords() {
    return new DimensionScore(id, figure, target, score, List.of());
  }

  public boolean applies() {
    return score != null;
  }
}
