package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.stage.domain.Funnel;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /funnel [team] [period]}: deals per stage now, conversion stage to stage and from the
 * first stage, in-order conversion, dwell and stalls per stage — a card, with the funnel and the
 * dwell as charts. Definitions in {@code docs/kpis.md}.
 */
public final class FunnelCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.managers("funnel", 0, 2, "/funnel", "/漏斗");

  private final ReportSupport reports;

  public FunnelCommand(ReportSupport reports) {
    this.reports = reports;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    var m = reports.support().messages();
    var model = reports.model();
    return reports
        .read(call, SPEC, true, false)
        .flatMap(
            args ->
                reports
                    .reporting()
                    .reports()
                    .funnel(reports.query(args.team(), args.period()), model.stages().size())
                    .flatMap(
                        funnel -> {
                          List<CardElement> elements = new ArrayList<>();
                          List<String> names = new ArrayList<>();
                          double[] reached = new double[funnel.rows().size()];
                          double[] inOrder = new double[funnel.rows().size()];
                          double[] now = new double[funnel.rows().size()];
                          double[] avg = new double[funnel.rows().size()];
                          double[] median = new double[funnel.rows().size()];
                          for (Funnel.Row row : funnel.rows()) {
                            int i = row.stage();
                            String name = model.stage(i).name();
                            names.add(name);
                            reached[i] = row.reached();
                            inOrder[i] = row.reachedInOrder();
                            now[i] = row.now();
                            avg[i] = ReportSupport.daysValue(row.averageDwell());
                            median[i] = ReportSupport.daysValue(row.medianDwell());
                            elements.add(
                                new CardElement.Field(
                                    name,
                                    m.get(
                                        "report.funnel.row",
                                        row.now(),
                                        row.stalled(),
                                        row.reached(),
                                        reports.percent(funnel.conversionFromPrevious(i)),
                                        reports.percent(funnel.conversionFromFirst(i)),
                                        reports.percent(funnel.inOrderFromFirst(i)),
                                        reports.days(row.averageDwell()),
                                        reports.days(row.medianDwell()))));
                          }
                          elements.add(new CardElement.Note(m.get("report.funnel.note")));
                          String title =
                              m.get(
                                  "report.funnel.title",
                                  args.team().name(),
                                  reports.label(args.period()));
                          Chart bars =
                              Chart.of(
                                      m.get("report.funnel.chart", args.team().name()),
                                      Chart.Kind.BAR,
                                      names,
                                      List.of(
                                          Chart.Series.of(m.get("report.funnel.reached"), reached),
                                          Chart.Series.of(m.get("report.funnel.inOrder"), inOrder),
                                          Chart.Series.of(m.get("report.funnel.now"), now)))
                                  .withAxisTitles(null, m.get("report.funnel.deals"));
                          Chart dwell =
                              Chart.of(
                                      m.get("report.dwell.chart", args.team().name()),
                                      Chart.Kind.HORIZONTAL_BAR,
                                      names,
                                      List.of(
                                          Chart.Series.of(m.get("report.dwell.average"), avg),
                                          Chart.Series.of(m.get("report.dwell.median"), median)))
                                  .withUnit(m.get("report.unit.days"));
                          return reports.answer(
                              call, reports.card(call, title, elements), List.of(bars, dwell));
                        }));
  }
}
