package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.stage.domain.SkipRequest;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /skips [team] [period]}: the skip requests of the team's deals made in the period, newest
 * first (at most {@value #LIMIT}), with who asked, the reason and the decision.
 */
public final class SkipsCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.managers("skips", 0, 2, "/skips", "/跳过");
  static final int LIMIT = 20;

  private final ReportSupport reports;

  public SkipsCommand(ReportSupport reports) {
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
                    .skips(reports.query(args.team(), args.period()), LIMIT)
                    .concatMap(
                        s ->
                            reports
                                .support()
                                .leadName(s.dealId())
                                .map(
                                    name ->
                                        (CardElement)
                                            new CardElement.Field(
                                                name,
                                                m.get(
                                                    "report.skips.row",
                                                    model.stage(s.from()).name(),
                                                    model
                                                        .stage(Math.min(s.to(), model.last()))
                                                        .name(),
                                                    reports
                                                        .support()
                                                        .directory()
                                                        .displayName(s.requestedBy()),
                                                    s.reason(),
                                                    m.get("report.skips." + state(s))))))
                    .collectList()
                    .flatMap(
                        rows -> {
                          if (rows.isEmpty()) {
                            return reports
                                .support()
                                .say(
                                    call,
                                    "report.skips.none",
                                    args.team().name(),
                                    reports.label(args.period()));
                          }
                          String title =
                              m.get(
                                  "report.skips.title",
                                  args.team().name(),
                                  reports.label(args.period()),
                                  rows.size());
                          return reports.answer(call, reports.card(call, title, rows), List.of());
                        }));
  }

  private static String state(SkipRequest s) {
    return s.state().name().toLowerCase(java.util.Locale.ROOT);
  }
}
