package io.salesbot.core;

import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.sms.domain.SmsSettings;
import io.salesbot.core.stage.StageSettings;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The core's configuration, already validated by whoever read it: each team's policies (strategy,
 * caps, hours, SLAs), the routing rules in force (a supplier, so that a re-read rules file takes
 * effect at once), how far the manager's Extend moves a first-touch deadline, and the deal stages.
 *
 * @param slaExtension {@code salesbot.sla.extension}, positive
 * @param recordRules the limits of scorecard record validation ({@code salesbot.records}), a
 *     supplier like the routing rules
 * @param unacknowledgedAfter how long a reminder or escalation may go unacted on before it is also
 *     e-mailed ({@code salesbot.email.unacknowledged-after}); zero = never
 * @param scorecard the scorecard model ({@code salesbot.scorecards}), validated
 * @param sms the welcome SMS rules ({@code salesbot.sms}), {@link SmsSettings#OFF} when off
 */
public record SalesbotSettings(
    TeamPolicies policies,
    Supplier<List<RoutingRule>> rules,
    Duration slaExtension,
    StageSettings stages,
    Supplier<RecordRules> recordRules,
    Duration unacknowledgedAfter,
    Supplier<ScorecardModel> scorecard,
    SmsSettings sms) {
  /** The default delay before an unacknowledged reminder or escalation is also e-mailed. */
  public static final Duration UNACKNOWLEDGED_AFTER = Duration.ofMinutes(10);

  /**
   * With the default e-mail follow-up delay ({@link #UNACKNOWLEDGED_AFTER}), the seed's scorecard
   * and no welcome SMS.
   */
  public SalesbotSettings(
      TeamPolicies policies,
      Supplier<List<RoutingRule>> rules,
      Duration slaExtension,
      StageSettings stages,
      Supplier<RecordRules> recordRules) {
    this(
        policies,
        rules,
        slaExtension,
        stages,
        recordRules,
        UNACKNOWLEDGED_AFTER,
        ScorecardModel::defaults,
        SmsSettings.OFF);
  }

  /** With the default record rules ({@link RecordRules#defaults}) and the defaults above. */
  public SalesbotSettings(
      TeamPolicies policies,
      Supplier<List<RoutingRule>> rules,
      Duration slaExtension,
      StageSettings stages) {
    this(policies, rules, slaExtension, stages, RecordRules::defaults);
  }

  public SalesbotSettings {
    if (slaExtension.isNegative() || slaExtension.isZero()) {
      throw new IllegalArgumentException("slaExtension must be positive, got " + slaExtension);
    }
    if (unacknowledgedAfter.isNegative()) {
      throw new IllegalArgumentException(
          "unacknowledgedAfter must not be negative, got " + unacknowledgedAfter);
    }
  }
}
