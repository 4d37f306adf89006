package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.CardElement;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /stalled [team]}: the team's open deals without progress for longer than their stage's
 * stalledAfter, longest first (at most {@value #LIMIT}).
 */
public final class StalledCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.managers("stalled", 0, 1, "/stalled", "/停滞");
  static final int LIMIT = 20;

  private final ReportSupport reports;

  public StalledCommand(ReportSupport reports) {
    this.reports = reports;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    var m = reports.support().messages();
    var now = reports.support().talk().clock().instant();
    return reports
        .read(call, SPEC, false, false)
        .flatMap(
            args ->
                reports
                    .reporting()
                    .reports()
                    .stalled(reports.query(args.team(), args.period()), LIMIT)
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
                                                    "report.stalled.row",
                                                    reports.model().stage(s.stage()).name(),
                                                    reports
                                                        .support()
                                                        .directory()
                                                        .displayName(s.owner()),
                                                    Duration.between(s.lastProgressAt(), now)
                                                        .toDays()))))
                    .collectList()
                    .flatMap(
                        rows -> {
                          if (rows.isEmpty()) {
                            return reports
                                .support()
                                .say(call, "report.stalled.none", args.team().name());
                          }
                          String title =
                              m.get("report.stalled.title", args.team().name(), rows.size());
                          return reports.answer(call, reports.card(call, title, rows), List.of());
                        }));
  }
}
