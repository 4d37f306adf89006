package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.Scorecard;
import io.salesbot.core.team.domain.Team;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /leaderboard [team] [YYYY-MM]} ({@code /排行}), managers only: the draft ranking of a team
 * they manage (their first without a team named), the top ten with their composite scores.
 */
public final class LeaderboardCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.managers("leaderboard", 0, 2, "/leaderboard", "/排行");
  private static final int TOP = 10;

  private final CommandSupport support;
  private final ScoreDrafts drafts;

  public LeaderboardCommand(CommandSupport support, ScoreDrafts drafts) {
    this.support = support;
    this.drafts = drafts;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    ScorePeriods.Args args =
        ScorePeriods.split(call.args(), support.talk().clock().instant(), drafts);
    if (args.period().isEmpty()) {
      return support.say(call, "reply.score.badPeriod", args.badPeriod());
    }
    // the last argument that is no month names the team
    String teamRef = args.others().isEmpty() ? null : args.others().get(args.others().size() - 1);
    YearMonth month = args.period().get();
    Mono<Team> team =
        teamRef == null
            ? Mono.justOrEmpty(support.managedTeams(call.user()).stream().findFirst())
            : support.managedTeam(call.message(), teamRef);
    return team.flatMap(t -> drafts.of(month).flatMap(cards -> answer(call, t, month, cards)));
  }

  private Mono<Void> answer(CommandCall call, Team team, YearMonth month, List<Scorecard> all) {
    Messages m = support.messages();
    List<Scorecard> cards = all.stream().filter(c -> c.team().equals(team.id())).toList();
    if (cards.isEmpty()) {
      return support.say(call, "reply.leaderboard.none", team.name());
    }
    List<String> lines = new ArrayList<>();
    lines.add(m.get("reply.leaderboard.header", team.name(), month.toString(), cards.size()));
    for (Scorecard c : cards.subList(0, Math.min(TOP, cards.size()))) {
      lines.add(
          m.get(
              "reply.leaderboard.line",
              c.teamRank(),
              support.directory().displayName(c.rep()),
              c.composite().toPlainString(),
              c.companyRank()));
    }
    lines.add(m.get("reply.score.draft"));
    return support.say(call.message(), String.join("\n", lines));
  }
}
