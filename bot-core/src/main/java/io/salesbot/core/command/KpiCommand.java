package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.stage.domain.KpiFigures;
import io.salesbot.core.stage.domain.ReportQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code /kpi [team] [period] [vs period]}: the four process KPIs (平均成交周期, 项目停滞率, 跨阶段推进准确率,
 * 管理层干预及时率), first-response time and win rate for a period, next to another period (by default the
 * one just before) — a card, with the rates' trend by week as a chart. Definitions in {@code
 * docs/kpis.md}.
 */
public final class KpiCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.managers("kpi", 0, 4, "/kpi", "/指标");

  /** At most this many weeks in the trend chart (the last ones of the period). */
  static final int MAX_WEEKS = 12;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MM-dd").withZone(ReportSupport.ZONE);

  private final ReportSupport reports;

  public KpiCommand(ReportSupport reports) {
    this.reports = reports;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    Messages m = reports.support().messages();
    var store = reports.reporting().reports();
    return reports
        .read(call, SPEC, true, true)
        .flatMap(
            args -> {
              ReportQuery q = reports.query(args.team(), args.period());
              var other = java.util.Objects.requireNonNull(args.versus());
              ReportQuery vs = q.during(other.from(), other.to());
              // the period, the one compared with and the weeks: one call, one query per figure
              return store
                  .kpis(periods(q, vs))
                  .map(
                      all -> {
                        List<Week> weeks = new ArrayList<>();
                        List<Instant> bounds = weekBounds(q);
                        for (int i = 2; i < all.size(); i++) {
                          weeks.add(new Week(DAY.format(bounds.get(i - 2)), all.get(i)));
                        }
                        return new Read(all.get(0), all.get(1), weeks);
                      })
                  .flatMap(
                      t -> {
                        KpiFigures a = t.now();
                        KpiFigures b = t.before();
                        List<CardElement> elements = new ArrayList<>();
                        elements.add(
                            new CardElement.Note(
                                m.get(
                                    "report.kpi.periods",
                                    reports.label(args.period()),
                                    reports.label(other))));
                        elements.add(
                            field(
                                m, "report.kpi.cycle", a, b, k -> reports.days(k.averageCycle())));
                        elements.add(
                            field(
                                m,
                                "report.kpi.stall",
                                a,
                                b,
                                k ->
                                    reports.percent(k.stallRate())
                                        + " ("
                                        + k.stalled()
                                        + "/"
                                        + k.open()
                                        + ")"));
                        elements.add(
                            field(
                                m,
                                "report.kpi.inOrder",
                                a,
                                b,
                                k ->
                                    reports.percent(k.inOrderRate())
                                        + " ("
                                        + k.forwardInOrder()
                                        + "/"
                                        + k.forwardMoves()
                                        + ")"));
                        elements.add(
                            field(
                                m,
                                "report.kpi.timely",
                                a,
                                b,
                                k ->
                                    reports.percent(k.timelyRate())
                                        + " ("
                                        + k.timelyInterventions()
                                        + "/"
                                        + k.interventions()
                                        + ")"));
                        elements.add(
                            field(
                                m,
                                "report.kpi.firstResponse",
                                a,
                                b,
                                k -> reports.minutes(k.medianFirstResponse())));
                        elements.add(
                            field(
                                m,
                                "report.kpi.winRate",
                                a,
                                b,
                                k ->
                                    reports.percent(k.winRate())
                                        + " ("
                                        + k.won()
                                        + "/"
                                        + (k.won() + k.lost())
                                        + ")"));
                        elements.add(new CardElement.Note(m.get("report.kpi.note")));
                        String title =
                            m.get(
                                "report.kpi.title",
                                args.team().name(),
                                reports.label(args.period()));
                        return reports.answer(
                            call,
                            reports.card(call, title, elements),
                            List.of(trend(m, args.team().name(), t.weeks())));
                      });
            });
  }

  private static CardElement field(
      Messages m, String key, KpiFigures now, KpiFigures before, Function<KpiFigures, String> f) {
    return new CardElement.Field(
        m.get(key), m.get("report.kpi.value", f.apply(now), f.apply(before)));
  }

  private record Week(String label, KpiFigures figures) {}

  private record Read(KpiFigures now, KpiFigures before, List<Week> weeks) {}

  /**
   * The periods {@code /kpi} asks the reports for, in one call: {@code q}, {@code vs}, then each of
   * {@code q}'s weeks ({@link #weekBounds}).
   */
  public static List<ReportQuery> periods(ReportQuery q, ReportQuery vs) {
    List<Instant> bounds = weekBounds(q);
    List<ReportQuery> periods = new ArrayList<>(List.of(q, vs));
    for (int i = 0; i + 1 < bounds.size(); i++) {
      periods.add(q.during(bounds.get(i), bounds.get(i + 1)));
    }
    return periods;
  }

  /**
   * The bounds of the trend's weeks: the period in weeks from its start (the last {@value
   * #MAX_WEEKS}), the last one cut at the period's end.
   */
  public static List<Instant> weekBounds(ReportQuery q) {
    List<Instant> starts = new ArrayList<>();
    for (Instant s = q.from(); s.isBefore(q.to()); s = s.plus(Duration.ofDays(7))) {
      starts.add(s);
    }
    List<Instant> bounds =
        new ArrayList<>(starts.subList(Math.max(0, starts.size() - MAX_WEEKS), starts.size()));
    bounds.add(q.to());
    return bounds;
  }

  private static Chart trend(Messages m, String team, List<Week> weeks) {
    List<String> labels = weeks.stream().map(Week::label).toList();
    return Chart.of(
            m.get("report.kpi.chart", team),
            Chart.Kind.LINE,
            labels,
            List.of(
                series(m.get("report.kpi.inOrder"), weeks, KpiFigures::inOrderRate),
                series(m.get("report.kpi.stall"), weeks, KpiFigures::stallRate),
                series(m.get("report.kpi.timely"), weeks, KpiFigures::timelyRate),
                series(m.get("report.kpi.winRate"), weeks, KpiFigures::winRate)))
        .withUnit(m.get("report.unit.percent"));
  }

  private static Chart.Series series(
      String name, List<Week> weeks, Function<KpiFigures, @Nullable Double> rate) {
    return new Chart.Series(
        name,
        weeks.stream()
            .map(w -> rate.apply(w.figures()))
            .map(r -> r == null ? 0.0 : Math.round(r * 1000) / 10.0)
            .toList());
  }
}
