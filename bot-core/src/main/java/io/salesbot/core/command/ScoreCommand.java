package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.Dimension;
import io.salesbot.core.score.domain.DimensionScore;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.score.domain.ScorecardModels;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * {@code /score [rep] [YYYY-MM] [detail]} ({@code /绩效}): a rep's draft scorecard for a month —
 * composite, ranks, axes, strongest and weakest dimension; with {@code detail} ({@code 明细}) every
 * dimension's figure, target, score and the records behind it. Reps see their own only; managers
 * the reps of their teams.
 */
public final class ScoreCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("score", 0, 3, "/score", "/绩效");
  private static final int KEYS_SHOWN = 3;

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final Supplier<ScorecardModels> models;

  /** {@code models}: the month's axes and dimensions are those of the model in force in it. */
  public ScoreCommand(
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
    ScorePeriods.Args args =
        ScorePeriods.split(call.args(), support.talk().clock().instant(), drafts);
    Optional<YearMonth> period = args.period();
    if (period.isEmpty()) {
      return support.say(call, "reply.score.badPeriod", args.badPeriod());
    }
    boolean detail = false;
    String repRef = null;
    for (String arg : args.others()) {
      if (arg.equalsIgnoreCase("detail") || arg.equals("明细")) {
        detail = true;
      } else {
        repRef = arg;
      }
    }
    Optional<Address> rep = repRef == null ? self(call) : managedRep(call, repRef);
    if (rep.isEmpty()) {
      return repRef == null
          ? support.say(call, "reply.score.notScored")
          : support.say(call, "reply.score.notYours", repRef);
    }
    boolean withDetail = detail;
    YearMonth month = period.get();
    // only the detail names the records behind each figure: the other lines need no record read
    return (withDetail ? drafts.traced(month) : drafts.of(month))
        .flatMap(
            cards -> {
              Optional<Scorecard> card =
                  cards.stream().filter(c -> c.rep().equals(rep.get())).findFirst();
              if (card.isEmpty()) {
                return support.say(call, "reply.score.notScored");
              }
              return support.say(call.message(), render(card.get(), cards, withDetail));
            });
  }

  private Optional<Address> self(CommandCall call) {
    return support.directory().teamOf(call.user()).map(t -> call.user());
  }

  /** The rep {@code ref} names in a team the caller manages, or the caller themselves. */
  private Optional<Address> managedRep(CommandCall call, String ref) {
    for (Team t : support.managedTeams(call.user())) {
      Optional<Member> m = support.findRep(t, ref);
      if (m.isPresent()) {
        return Optional.of(m.get().id());
      }
    }
    return support
        .directory()
        .teamOf(call.user())
        .flatMap(t -> support.findRep(t, ref))
        .map(Member::id)
        .filter(call.user()::equals);
  }

  private String render(Scorecard c, List<Scorecard> all, boolean detail) {
    Messages m = support.messages();
    ScorecardModel sm = models.get().forPeriod(c.period());
    long inTeam = all.stream().filter(o -> o.team().equals(c.team())).count();
    List<String> lines = new ArrayList<>();
    lines.add(
        m.get(
            "reply.score.header",
            support.directory().displayName(c.rep()),
            c.period().toString(),
            c.composite().toPlainString(),
            c.teamRank(),
            inTeam,
            c.companyRank(),
            all.size()));
    lines.add(
        sm.axes().stream()
            .filter(a -> c.axes().containsKey(a.id()))
            .map(a -> a.label() + " " + c.axes().get(a.id()).toPlainString())
            .collect(Collectors.joining(" · ")));
    if (c.strongest() != null && c.weakest() != null) {
      lines.add(m.get("reply.score.extremes", label(sm, c.strongest()), label(sm, c.weakest())));
    }
    if (detail) {
      for (Dimension d : sm.dimensions()) {
        lines.add(line(m, d, c.dimension(d.id())));
      }
    }
    lines.add(m.get("reply.score.draft"));
    return String.join("\n", lines);
  }

  private static String line(Messages m, Dimension d, DimensionScore s) {
    if (!s.applies()) {
      return m.get("reply.score.notApplicable", d.label());
    }
    String keys =
        s.records().stream()
            .limit(KEYS_SHOWN)
            .map(RecordKey::toString)
            .collect(Collectors.joining(", "));
    if (s.records().size() > KEYS_SHOWN) {
      keys = keys + " …";
    }
    return m.get(
        "reply.score.dimension",
        d.label(),
        s.figure() == null ? "-" : s.figure().stripTrailingZeros().toPlainString(),
        s.target().stripTrailingZeros().toPlainString(),
        s.score() == null ? "-" : s.score().toPlainString(),
        s.records().size(),
        keys);
  }

  private static String label(ScorecardModel m, String dimension) {
    return m.dimensions().stream()
        .filter(d -> d.id().equals(dimension))
        .map(Dimension::label)
        .findFirst()
        .orElse(dimension);
  }
}
