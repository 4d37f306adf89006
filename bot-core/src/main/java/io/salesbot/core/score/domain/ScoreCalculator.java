package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Computes a period's scorecards from its records: a pure function of the model and the input, so
 * that recomputing from the same records gives the same scores to the last digit.
 *
 * <ul>
 *   <li>dimension score = {@code 100 × figure ÷ target}, held between the dimension's floor and
 *       cap, two decimals (half up);
 *   <li>axis score = its applying dimensions' scores weighted by their weights (a dimension that
 *       does not apply gives its weight to the others of its axis);
 *   <li>composite = the axis scores weighted likewise, 0–100;
 *   <li>ranks: by composite, highest first; equal composites are ordered by the rep's address
 *       ({@code platform:userId}, alphabetically), so ranks are always 1…n without gaps;
 *   <li>strongest/weakest: the applying dimension furthest above/below the team's median score on
 *       it (the first in the model's order on a tie).
 * </ul>
 */
public final class ScoreCalculator {
  private static final int SCALE = 2;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** How many earlier periods a target from a rep's own history looks at. */
  public static final int HISTORY_PERIODS = 3;

  /** How many months before a period its payment rates look at contracts of. */
  public static final int RECEIVABLE_MONTHS = Figures.RECEIVABLE_MONTHS;

  /** How many months before a period its scores read records of (payment rates, history). */
  public static final int LOOKBACK_MONTHS = Figures.RECEIVABLE_MONTHS + HISTORY_PERIODS;

  private ScoreCalculator() {}

  public static List<Scorecard> compute(ScorecardModel model, ScoreInput input) {
    return compute(model, Tallies.of(input));
  }

  /**
   * The same from the records reduced to tallies — by {@link Tallies#of} (each dimension with the
   * records behind it) or by a store (without them; the scores are the same).
   */
  public static List<Scorecard> compute(ScorecardModel model, Tallies input) {
    Figures figures = new Figures(input);
    List<Address> reps =
        input.teams().keySet().stream().sorted(Comparator.comparing(Address::toString)).toList();
    Map<Address, List<DimensionScore>> dims = new LinkedHashMap<>();
    Map<Address, Map<String, BigDecimal>> axes = new HashMap<>();
    Map<Address, BigDecimal> composite = new HashMap<>();
    for (Address rep : reps) {
      List<DimensionScore> scores = new ArrayList<>();
      for (Dimension d : model.dimensions()) {
        scores.add(score(d, rep, input, figures.of(rep, d)));
      }
      dims.put(rep, scores);
      Map<String, BigDecimal> axisScores = new LinkedHashMap<>();
      BigDecimal total = BigDecimal.ZERO;
      int weights = 0;
      for (Axis axis : model.axes()) {
        BigDecimal s = weighted(axis.dimensions(), scores);
        if (s != null) {
          axisScores.put(axis.id(), s);
          total = total.add(s.multiply(BigDecimal.valueOf(axis.weight())));
          weights += axis.weight();
        }
      }
      axes.put(rep, axisScores);
      composite.put(
          rep,
          weights == 0
              ? BigDecimal.ZERO.setScale(SCALE)
              : total.divide(BigDecimal.valueOf(weights), SCALE, RoundingMode.HALF_UP));
    }
    Comparator<Address> byScore =
        Comparator.comparing((Address a) -> composite.get(a))
            .reversed()
            .thenComparing(Address::toString);
    List<Address> ranked = reps.stream().sorted(byScore).toList();
    Map<String, Integer> teamCounts = new HashMap<>();
    Map<String, Map<String, BigDecimal>> medians = medians(model, input, dims);
    List<Scorecard> cards = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      Address rep = ranked.get(i);
      String team = input.teams().get(rep);
      int teamRank = teamCounts.merge(team, 1, Integer::sum);
      List<DimensionScore> scores = dims.get(rep);
      Map<String, BigDecimal> median = medians.get(team);
      cards.add(
          new Scorecard(
              rep,
              team,
              input.period(),
              scores,
              axes.get(rep),
              composite.get(rep),
              teamRank,
              i + 1,
              extreme(scores, median, true),
              extreme(scores, median, false)));
    }
    return cards;
  }

  /**
   * Each rep's figure per dimension id (reps without one, e.g. nothing owed, are left out): what
   * targets from a rep's own history are taken from.
   */
  public static Map<String, Map<Address, BigDecimal>> figures(
      ScorecardModel model, ScoreInput input) {
    return figures(model, Tallies.of(input));
  }

  /** The same from the records reduced to tallies. */
  public static Map<String, Map<Address, BigDecimal>> figures(ScorecardModel model, Tallies input) {
    Figures figures = new Figures(input);
    Map<String, Map<Address, BigDecimal>> all = new HashMap<>();
    for (Dimension d : model.dimensions()) {
      Map<Address, BigDecimal> byRep = new HashMap<>();
      for (Address rep : input.teams().keySet()) {
        BigDecimal value = figures.of(rep, d).value();
        if (value != null) {
          byRep.put(rep, value);
        }
      }
      all.put(d.id(), byRep);
    }
    return all;
  }

  private static DimensionScore score(
      Dimension d, Address rep, Tallies input, Figures.Figure figure) {
    BigDecimal target = target(d, rep, input);
    BigDecimal value = figure.value();
    if (value == null) {
      return new DimensionScore(d.id(), null, target, null, figure.records());
    }
    BigDecimal raw = value.multiply(HUNDRED).divide(target, SCALE, RoundingMode.HALF_UP);
    BigDecimal held =
        raw.max(BigDecimal.valueOf(d.floor())).min(BigDecimal.valueOf(d.cap())).setScale(SCALE);
    return new DimensionScore(d.id(), value, target, held, figure.records());
  }

  /**
   * A rep's own target, else their team's, else the dimension's; or the median of their history.
   */
  static BigDecimal target(Dimension d, Address rep, Tallies input) {
    if (d.fromHistory()) {
      List<BigDecimal> past =
          input.history().getOrDefault(d.id(), Map.of()).getOrDefault(rep, List.of());
      List<BigDecimal> recent =
          past.subList(Math.max(0, past.size() - HISTORY_PERIODS), past.size());
      var median = Figures.median(recent).filter(m -> m.signum() > 0);
      if (median.isPresent()) {
        return median.get();
      }
    }
    BigDecimal own = d.repTargets().get(rep.toString());
    if (own != null) {
      return own;
    }
    return d.teamTargets().getOrDefault(input.teams().get(rep), d.target());
  }

  private static @Nullable BigDecimal weighted(List<Dimension> of, List<DimensionScore> scores) {
    BigDecimal total = BigDecimal.ZERO;
    int weights = 0;
    for (Dimension d : of) {
      DimensionScore s = find(scores, d.id());
      if (s.score() != null) {
        total = total.add(s.score().multiply(BigDecimal.valueOf(d.weight())));
        weights += d.weight();
      }
    }
    return weights == 0
        ? null
        : total.divide(BigDecimal.valueOf(weights), SCALE, RoundingMode.HALF_UP);
  }

  private static DimensionScore find(List<DimensionScore> scores, String id) {
    for (DimensionScore s : scores) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalStateException("no score for " + id);
  }

  /** Per team, per dimension, the median of the applying scores. */
  private static Map<String, Map<String, BigDecimal>> medians(
      ScorecardModel model, Tallies input, Map<Address, List<DimensionScore>> dims) {
    Map<String, Map<String, List<BigDecimal>>> scores = new HashMap<>();
    dims.forEach(
        (rep, list) -> {
          Map<String, List<BigDecimal>> team =
              scores.computeIfAbsent(input.teams().get(rep), t -> new HashMap<>());
          for (DimensionScore s : list) {
            if (s.score() != null) {
              team.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s.score());
            }
          }
        });
    Map<String, Map<String, BigDecimal>> medians = new HashMap<>();
    scores.forEach(
        (team, byDim) -> {
          Map<String, BigDecimal> m = new HashMap<>();
          for (Dimension d : model.dimensions()) {
            Figures.median(byDim.getOrDefault(d.id(), List.of())).ifPresent(v -> m.put(d.id(), v));
          }
          medians.put(team, m);
        });
    return medians;
  }

  private static @Nullable String extreme(
      List<DimensionScore> scores, @Nullable Map<String, BigDecimal> median, boolean strongest) {
    String best = null;
    BigDecimal bestGap = null;
    for (DimensionScore s : scores) {
      BigDecimal m = median == null ? null : median.get(s.id());
      if (s.score() == null || m == null) {
        continue;
      }
      BigDecimal gap = s.score().subtract(m);
      if (bestGap == null
          || (strongest ? gap.compareTo(bestGap) > 0 : gap.compareTo(bestGap) < 0)) {
        best = s.id();
        bestGap = gap;
      }
    }
    return best;
  }
}
