package io.salesbot.server.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scorecard ({@code salesbot.scorecards}), bound once at start-up and validated by {@link
 * ScorecardsFactory} (each mistake named by its property path). Nothing set: the seed's 三轴九维 for
 * every month, and every derived record.
 *
 * @param axes The axes, whose weights sum to 100, each with its dimensions; empty (the default):
 *     业绩贡献 40 {合同金额, 回款率, 新客户数}, 过程质量 30 {客户拜访, 方案提交, 跟进及时性}, 团队协作 30 {知识分享, 协助成交, 新人带教}. The model
 *     of every month before the first change.
 * @param changes Changes of the model, each applying from its month on (until the next one), in
 *     order of their months; earlier months keep the model they had.
 * @param derived Which records salesbot derives from deals and first touches itself.
 * @param publishers Who may publish, hold and roll back monthly scorecards (/publish, /hold,
 *     /rollback), as addresses such as wecom:ZhangSan; empty (the default): nobody.
 */
@ConfigurationProperties("salesbot.scorecards")
public record ScorecardsProperties(
    @DefaultValue List<AxisProperties> axes,
    @DefaultValue List<ChangeProperties> changes,
    @DefaultValue DerivedProperties derived,
    @DefaultValue List<String> publishers) {
  public ScorecardsProperties {
    axes = Immutable.list(axes);
    changes = Immutable.list(changes);
    publishers = Immutable.list(publishers);
  }

  /**
   * A change of the scorecard model.
   *
   * @param from The first month it applies to, e.g. 2026-07 (YYYY-MM).
   * @param axes The whole model from that month on: axes, dimensions, weights, targets, floors and
   *     caps, as under salesbot.scorecards.axes.
   */
  public record ChangeProperties(@Nullable String from, @DefaultValue List<AxisProperties> axes) {
    public ChangeProperties {
      axes = Immutable.list(axes);
    }
  }

  /**
   * The records salesbot derives itself (source salesbot), see docs/records.md.
   *
   * @param enabled Whether salesbot derives any record from deals and first touches.
   * @param contracts Contract and new_customer records from won deals: auto (the default) derives
   *     them unless an intake source may send records (a feed, e.g. the ERP's, wins), on always,
   *     off never.
   * @param contractCheckpoint The checkpoint whose amount evidence is a won deal's contract amount;
   *     default contract (⑪ 合同签署).
   * @param proposalCheckpoints Checkpoints each of which, done, counts one proposal submitted;
   *     default [proposal] (⑥ 方案提交).
   * @param visitCheckpoints Checkpoints each of which, done, counts one visit; default [demo] (⑦
   *     方案演示/技术交流).
   * @param proposalDimension The scorecard dimension a proposal's metric record names.
   * @param firstTouchDimension The scorecard dimension a first touch's metric record names (1
   *     within the first-touch SLA, 0 after it).
   */
  public record DerivedProperties(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("auto") String contracts,
      @Nullable String contractCheckpoint,
      @Nullable List<String> proposalCheckpoints,
      @Nullable List<String> visitCheckpoints,
      @DefaultValue("proposals") String proposalDimension,
      @DefaultValue("follow-up") String firstTouchDimension) {}

  /**
   * An axis.
   *
   * @param id Stable id: lower-case letters, digits and '-', e.g. results.
   * @param label Display name, e.g. 业绩贡献 (1 to 20 characters).
   * @param weight Weight in the composite score, percent (the axes' weights sum to 100).
   * @param dimensions The axis' dimensions, whose weights sum to 100 within it.
   */
  public record AxisProperties(
      @Nullable String id,
      @Nullable String label,
      @DefaultValue("0") int weight,
      @DefaultValue List<DimensionProperties> dimensions) {
    public AxisProperties {
      dimensions = Immutable.list(dimensions);
    }
  }

  /**
   * A dimension.
   *
   * @param id Stable id, also what metric records name in their dimension field, e.g. visits.
   * @param label Display name, e.g. 客户拜访 (1 to 20 characters).
   * @param measure How records become the month's figure: contract-amount, payment-rate,
   *     new-customers, visits, knowledge-shares, assists, mentoring-hours, satisfaction, metric-sum
   *     or metric-average (see docs/records.md).
   * @param weight Weight within the axis, percent.
   * @param target The month's target figure, more than 0.
   * @param teamTargets Targets for the reps of a team, by team id.
   * @param repTargets Targets for single reps, by address (e.g. "[wecom:ZhangSan]": 300000).
   * @param fromHistory When true, a rep's target is the median of their own figures of the last
   *     three months that have one.
   * @param floor Lowest score, points (0 to less than the cap).
   * @param cap Highest score, points (1 to 100).
   */
  public record DimensionProperties(
      @Nullable String id,
      @Nullable String label,
      @Nullable String measure,
      @DefaultValue("0") int weight,
      @Nullable BigDecimal target,
      @DefaultValue Map<String, BigDecimal> teamTargets,
      @DefaultValue Map<String, BigDecimal> repTargets,
      @DefaultValue("false") boolean fromHistory,
      @DefaultValue("0") int floor,
      @DefaultValue("100") int cap) {
    public DimensionProperties {
      teamTargets = Immutable.map(teamTargets);
      repTargets = Immutable.map(repTargets);
    }
  }
}
