package io.salesbot.core.score.domain;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A scorecard: axes whose weights sum to 100, each with dimensions whose weights sum to 100 within
 * it. Validated when built; every mistake names its path ({@link InvalidScorecardException}).
 */
public record ScorecardModel(List<Axis> axes) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  public ScorecardModel {
    axes = List.copyOf(axes);
    validate(axes);
  }

  /**
   * The seed's 三轴九维: 业绩贡献 40 % {合同金额, 回款率, 新客户数}, 过程质量 30 % {客户拜访, 方案提交, 跟进及时性}, 团队协作 30 % {知识分享,
   * 协助成交, 新人带教}; monthly targets for a typical B2B rep.
   */
  public static ScorecardModel defaults() {
    return new ScorecardModel(
        List.of(
            new Axis(
                "results",
                "业绩贡献",
                40,
                List.of(
                    Dimension.of("contract-amount", "合同金额", Measure.CONTRACT_AMOUNT, 40, "500000"),
                    Dimension.of("payment-rate", "回款率", Measure.PAYMENT_RATE, 30, "0.9"),
                    Dimension.of("new-customers", "新客户数", Measure.NEW_CUSTOMERS, 30, "4"))),
            new Axis(
                "process",
                "过程质量",
                30,
                List.of(
                    Dimension.of("visits", "客户拜访", Measure.VISITS, 34, "20"),
                    Dimension.of("proposals", "方案提交", Measure.METRIC_SUM, 33, "4"),
                    Dimension.of("follow-up", "跟进及时性", Measure.METRIC_AVERAGE, 33, "0.95"))),
            new Axis(
                "teamwork",
                "团队协作",
                30,
                List.of(
                    Dimension.of("knowledge-shares", "知识分享", Measure.KNOWLEDGE_SHARES, 34, "2"),
                    Dimension.of("assists", "协助成交", Measure.ASSISTS, 33, "2"),
                    Dimension.of("mentoring", "新人带教", Measure.MENTORING_HOURS, 33, "8")))));
  }

  /** Every dimension, axis by axis. */
  public List<Dimension> dimensions() {
    return axes.stream().flatMap(a -> a.dimensions().stream()).toList();
  }

  private static void validate(List<Axis> axes) {
    if (axes.isEmpty()) {
      throw new InvalidScorecardException("axes", "name at least one axis");
    }
    Set<String> ids = new HashSet<>();
    int total = 0;
    for (int a = 0; a < axes.size(); a++) {
      Axis axis = axes.get(a);
      String at = "axes[" + a + "]";
      id(at + ".id", axis.id(), ids);
      label(at + ".label", axis.label());
      weight(at + ".weight", axis.weight());
      total += axis.weight();
      if (axis.dimensions().isEmpty()) {
        throw new InvalidScorecardException(at + ".dimensions", "name at least one dimension");
      }
      int inner = 0;
      for (int d = 0; d < axis.dimensions().size(); d++) {
        Dimension dim = axis.dimensions().get(d);
        dimension(at + ".dimensions[" + d + "]", dim, ids);
        inner += dim.weight();
      }
      if (inner != 100) {
        throw new InvalidScorecardException(
            at + ".dimensions", "the dimensions' weights must sum to 100, they sum to " + inner);
      }
    }
    if (total != 100) {
      throw new InvalidScorecardException(
          "axes", "the axes' weights must sum to 100, they sum to " + total);
    }
  }

  private static void dimension(String at, Dimension dim, Set<String> ids) {
    id(at + ".id", dim.id(), ids);
    label(at + ".label", dim.label());
    weight(at + ".weight", dim.weight());
    positive(at + ".target", dim.target());
    for (Map.Entry<String, BigDecimal> t : dim.teamTargets().entrySet()) {
      positive(at + ".team-targets." + t.getKey(), t.getValue());
    }
    for (Map.Entry<String, BigDecimal> t : dim.repTargets().entrySet()) {
      positive(at + ".rep-targets." + t.getKey(), t.getValue());
    }
    if (dim.cap() < 1 || dim.cap() > 100) {
      throw new InvalidScorecardException(
          at + ".cap", "must be from 1 to 100 points, got " + dim.cap());
    }
    if (dim.floor() < 0 || dim.floor() >= dim.cap()) {
      throw new InvalidScorecardException(
          at + ".floor",
          "must be from 0 to less than the cap (" + dim.cap() + "), got " + dim.floor());
    }
  }

  private static void id(String at, String id, Set<String> seen) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidScorecardException(
          at, "use lower-case letters, digits and '-', up to 40, got '" + id + "'");
    }
    if (!seen.add(id)) {
      throw new InvalidScorecardException(at, "'" + id + "' is used twice; ids must be unique");
    }
  }

  private static void label(String at, String label) {
    if (label.isBlank() || label.length() > 20) {
      throw new InvalidScorecardException(at, "must be 1 to 20 characters, got '" + label + "'");
    }
  }

  private static void weight(String at, int weight) {
    if (weight < 1 || weight > 100) {
      throw new InvalidScorecardException(at, "must be from 1 to 100 percent, got " + weight);
    }
  }

  private static void positive(String at, BigDecimal value) {
    if (value.signum() <= 0) {
      throw new InvalidScorecardException(at, "must be more than 0, got " + value.toPlainString());
    }
  }
}
