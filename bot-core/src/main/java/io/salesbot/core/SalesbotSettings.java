package io.salesbot.core;

import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.TeamPolicies;
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
 * @param repeatWindow {@code salesbot.intake.repeat-window}: a repeat visit within this time of the
 *     previous one makes the lead hot; zero turns it off, never negative
 */
public record SalesbotSettings(
    TeamPolicies policies,
    Supplier<List<RoutingRule>> rules,
    Duration slaExtension,
    StageSettings stages,
    Supplier<io.salesbot.core.score.domain.RecordRules> recordRules,
    Duration repeatWindow,
    Duration noteWindow) {
  /** The default {@link #repeatWindow}: a week. */
  public static final Duration REPEAT_WINDOW = Duration.ofDays(7);

  /** With the default repeat and note windows. */
  public SalesbotSettings(
      TeamPolicies policies,
      Supplier<List<RoutingRule>> rules,
      Duration slaExtension,
      StageSettings stages,
      Supplier<io.salesbot.core.score.domain.RecordRules> recordRules) {
    this(
        policies,
        rules,
        slaExtension,
        stages,
        recordRules,
        REPEAT_WINDOW,
        io.salesbot.core.lead.NoteFromChat.WINDOW);
  }

  /** With the default record rules ({@link io.salesbot.core.score.domain.RecordRules#defaults}). */
  public SalesbotSettings(
      TeamPolicies policies,
      Supplier<List<RoutingRule>> rules,
      Duration slaExtension,
      StageSettings stages) {
    this(
        policies, rules, slaExtension, stages, io.salesbot.core.score.domain.RecordRules::defaults);
  }

  public SalesbotSettings {
    if (slaExtension.isNegative() || slaExtension.isZero()) {
      throw new IllegalArgumentException("slaExtension must be positive, got " + slaExtension);
    }
    if (repeatWindow.isNegative()) {
      throw new IllegalArgumentException("repeatWindow must not be negative, got " + repeatWindow);
    }
    if (noteWindow.isNegative()) {
      throw new IllegalArgumentException("noteWindow must not be negative, got " + noteWindow);
    }
  }
}
