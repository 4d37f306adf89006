package io.salesbot.core.stage.domain;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The counts behind a team's process KPIs for one period; each KPI is a ratio or an average of
 * them. Definitions in {@code docs/kpis.md}.
 *
 * @param won deals won in the period
 * @param averageCycle their mean time from claim (deal opened) to won; null without wins
 * @param lost deals lost in the period (invalid ones count against the lead source, not here)
 * @param open deals open at the period's end
 * @param stalled of those, the ones whose last progress before the end lies more than their stage's
 *     stalledAfter back
 * @param forwardMoves stage moves forward (advance or approved skip) in the period
 * @param forwardInOrder of those, the ones not overridden (every required checkpoint done)
 * @param interventions skip requests made in the period that were decided, or whose time to act has
 *     run out
 * @param timelyInterventions of those, the ones the manager decided within the time to act
 * @param firstTouches leads given to an owner in the period that were contacted
 * @param medianFirstResponse the median time from the lead reaching its owner to the first touch;
 *     null without first touches
 */
public record KpiFigures(
    long won,
    @Nullable Duration averageCycle,
    long lost,
    long open,
    long stalled,
    long forwardMoves,
    long forwardInOrder,
    long interventions,
    long timelyInterventions,
    long firstTouches,
    @Nullable Duration medianFirstResponse) {

  /** 项目停滞率. */
  public @Nullable Double stallRate() {
    return Funnel.ratio(stalled, open);
  }

  /** 跨阶段推进准确率. */
  public @Nullable Double inOrderRate() {
    return Funnel.ratio(forwardInOrder, forwardMoves);
  }

  /** 管理层干预及时率. */
  public @Nullable Double timelyRate() {
    return Funnel.ratio(timelyInterventions, interventions);
  }

  /** Won among won + lost. */
  public @Nullable Double winRate() {
    return Funnel.ratio(won, won + lost);
  }
}
