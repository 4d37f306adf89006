package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.Axis;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.ScorecardModels;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * {@code /weights [YYYY-MM]} ({@code /权重}): the scorecard rule a month is scored by (this month
 * without one) — the axes and dimensions with their weights, targets, floors and caps, since when
 * it applies, and the next change if one is configured. Anyone registered may read it: it is the
 * rule everyone is scored by. A future month shows the rule that will apply then.
 */
public final class WeightsCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("weights", 0, 1, "/weights", "/权重");

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final Supplier<ScorecardModels> models;

  public WeightsCommand(
      CommandSupport support, ScoreDrafts drafts, Supplier<ScorecardModels> models) {
    this.support = support;
    this.drafts = drafts;
    this.models = models;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    YearMonth current = drafts.periodOf(support.talk().clock().instant());
    YearMonth month = current;
    if (!call.args().isEmpty()) {
      Optional<YearMonth> named = ScorePeriods.parseAnyMonth(call.args().get(0), current);
      if (named.isEmpty()) {
        return support.say(call, "reply.weights.badPeriod", call.args().get(0));
      }
      month = named.get();
    }
    return support.say(call.message(), render(models.get(), month));
  }

  private String render(ScorecardModels all, YearMonth month) {
    Messages m = support.messages();
    ScorecardModels.InForce inForce = all.inForce(month);
    List<String> lines = new ArrayList<>();
    lines.add(
        m.get(
            "reply.weights.header",
            month.toString(),
            inForce
                .from()
                .map(YearMonth::toString)
                .orElseGet(() -> m.get("reply.weights.fromStart"))));
    for (Axis axis : inForce.model().axes()) {
      lines.add(m.get("reply.weights.axis", axis.label(), axis.weight()));
      for (Dimension d : axis.dimensions()) {
        lines.add(
            m.get(
                "reply.weights.dimension",
                d.label(),
                d.weight(),
                plain(d.target()) + targets(m, d),
                d.floor(),
                d.cap()));
      }
    }
    all.changes().stream()
        .filter(c -> c.from().isAfter(month))
        .findFirst()
        .ifPresent(next -> lines.add(m.get("reply.weights.next", next.from().toString())));
    return String.join("\n", lines);
  }

  /** The other targets: per team, per rep, from the rep's own history. */
  private static String targets(Messages m, Dimension d) {
    StringBuilder out = new StringBuilder();
    d.teamTargets().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            t -> out.append(m.get("reply.weights.teamTarget", t.getKey(), plain(t.getValue()))));
    if (!d.repTargets().isEmpty()) {
      out.append(m.get("reply.weights.repTargets", d.repTargets().size()));
    }
    if (d.fromHistory()) {
      out.append(m.get("reply.weights.fromHistory"));
    }
    return out.toString();
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
