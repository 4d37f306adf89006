package io.salesbot.core;

import io.salesbot.core.lead.NoteFromChat;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.score.ScorecardSettings;
import io.salesbot.core.score.domain.RecordRules;
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
 * @param scorecard the scorecard models per period and the records salesbot derives ({@code
 *     salesbot.scorecards}), validated
 * @param sms the welcome SMS rules ({@code salesbot.sms}), {@link SmsSettings#OFF} when off
 * @param repeatWindow {@code salesbot.intake.repeat-window}: a repeat visit within this time of the
 *     previous one makes the lead hot; zero turns it off, never negative
 * @param noteWindow {@code salesbot.notes.reply-window}: how long after a lead card's button a
 *     rep's text is offered as a note of that lead; never negative
 * @param feeds feed health of the record sources ({@code salesbot.records.*}, the ops target)
 * @param publishers {@code salesbot.scorecards.publishers}: who may publish, hold and roll back
 *     scorecards; nobody when empty
 */
public record SalesbotSettings(
    TeamPolicies policies,
    Supplier<List<RoutingRule>> rules,
    Duration slaExtension,
    StageSettings stages,
    Supplier<RecordRules> recordRules,
    Duration unacknowledgedAfter,
    Supplier<ScorecardSettings> scorecard,
    SmsSettings sms,
    Duration repeatWindow,
    Duration noteWindow,
    io.salesbot.core.score.FeedSettings feeds,
    List<io.salesbot.core.kernel.domain.Address> publishers) {
  /** The default delay before an unacknowledged reminder or escalation is also e-mailed. */
  public static final Duration UNACKNOWLEDGED_AFTER = Duration.ofMinutes(10);

  /** The default {@link #repeatWindow}: a week. */
  public static final Duration REPEAT_WINDOW = Duration.ofDays(7);

  /**
   * With the default e-mail follow-up delay ({@link #UNACKNOWLEDGED_AFTER}), the seed's scorecard,
   * no welcome SMS, and the default repeat and note windows.
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
        ScorecardSettings::defaults,
        SmsSettings.OFF,
        REPEAT_WINDOW,
        NoteFromChat.WINDOW,
        io.salesbot.core.score.FeedSettings.defaults(null),
        List.of());
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
    publishers = List.copyOf(publishers);
    if (slaExtension.isNegative() || slaExtension.isZero()) {
      throw new IllegalArgumentException("slaExtension must be positive, got " + slaExtension);
    }
    if (unacknowledgedAfter.isNegative()) {
      throw new IllegalArgumentException(
          "unacknowledgedAfter must not be negative, got " + unacknowledgedAfter);
    }
    if (repeatWindow.isNegative()) {
      throw new IllegalArgumentException("repeatWindow must not be negative, got " + repeatWindow);
    }
    if (noteWindow.isNegative()) {
      throw new IllegalArgumentException("noteWindow must not be negative, got " + noteWindow);
    }
  }
}
