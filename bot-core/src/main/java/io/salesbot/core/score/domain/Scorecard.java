package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rep's scores for one period: each dimension, each axis, the composite (0–100), ranks in team
 * and company, and the dimensions furthest above and below the team's median.
 *
 * @param axes axis scores by axis id, in the model's order; an axis none of whose dimensions
 *     applies is left out
 * @param strongest the dimension most above the team's median score, if any applies
 * @param weakest the dimension most below it
 */
public record Scorecard(
    Address rep,
    String team,
    YearMonth period,
    List<DimensionScore> dimensions,
    Map<String, BigDecimal> axes,
    BigDecimal composite,
    int teamRank,
    int companyRank,
    @Nullable String strongest,
    @Nullable String weakest) {
  public Scorecard {
    dimensions = List.copyOf(dimensions);
    axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
  }

  /**
   * The same scorecard without the records behind its figures, as {@code ScoreDrafts.of} gives it.
   */
  public Scorecard withoutRecords() {
    return new Scorecard(
        rep,
        team,
        period,
        dimensions.stream().map(DimensionScore::withoutRecords).toList(),
        axes,
        composite,
        teamRank,
        companyRank,
        strongest,
        weakest);
  }

  public DimensionScore dimension(String id) {
    return dimensions.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dimension " + id));
  }
}
