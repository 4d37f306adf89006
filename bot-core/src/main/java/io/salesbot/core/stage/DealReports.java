package io.salesbot.core.stage;

import io.salesbot.core.stage.domain.Funnel;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StalledDeal;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reports over a team's deals, aggregated where the deals are kept (in PostgreSQL: GROUP BY and
 * percentile_cont, never every deal streamed into the JVM). The figures' definitions are in {@code
 * docs/kpis.md}; {@code DealReportsContract} pins them for every implementation.
 */
public interface DealReports {
  /** The funnel: one row per stage of {@code stages} (the stage model's size). */
  Mono<Funnel> funnel(ReportQuery query, int stages);

  /** The counts behind the process KPIs for the query's period. */
  Mono<KpiFigures> kpis(ReportQuery query);

  /**
   * The counts behind the process KPIs of several periods of one team at once ({@code /kpi}: its
   * period, the one compared with, and the period's weeks): element {@code i} equals {@code
   * kpis(periods[i])}, computed in one go — periods may overlap. Every query must be of the same
   * team, {@code now}, thresholds and time to act, but for its period.
   *
   * @throws IllegalArgumentException for no periods, or periods of different teams or settings
   */
  Mono<List<KpiFigures>> kpis(List<ReportQuery> periods);

  /** Open deals stalled at the query's {@code now}, longest without progress first. */
  Flux<StalledDeal> stalled(ReportQuery query, int limit);

  /** Skip requests made in the query's period, newest first. */
  Flux<SkipRequest> skips(ReportQuery query, int limit);
}
