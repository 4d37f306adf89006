package io.salesbot.core.command;

import io.salesbot.core.score.RollbackScorecards;
import io.salesbot.core.score.RollbackScorecards.Result;
import io.salesbot.core.score.ScoreDrafts;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * {@code /rollback <YYYY-MM> [version] [why]} ({@code /回滚}), publishers only: puts an earlier
 * version of the month back in force (by default the one before) and tells who it changes.
 */
public final class RollbackCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("rollback", 1, 40, "/rollback", "/回滚");
  private static final Pattern VERSION = Pattern.compile("[vV]?(\\d{1,6})");

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final RollbackScorecards rollback;

  public RollbackCommand(CommandSupport support, ScoreDrafts drafts, RollbackScorecards rollback) {
    this.support = support;
    this.drafts = drafts;
    this.rollback = rollback;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    Optional<YearMonth> period = PublishCommand.month(support, drafts, call.args().get(0));
    if (period.isEmpty()) {
      return support.say(call, "reply.score.badPeriod", call.args().get(0));
    }
    List<String> rest = call.args().subList(1, call.args().size());
    Optional<Integer> to = Optional.empty();
    if (!rest.isEmpty()) {
      var m = VERSION.matcher(rest.get(0));
      if (m.matches()) {
        to = Optional.of(Integer.parseInt(m.group(1)));
        rest = rest.subList(1, rest.size());
      }
    }
    YearMonth month = period.get();
    return rollback
        .rollback(
            new RollbackScorecards.Command(
                month, to, call.user(), String.join(" ", rest), call.message().eventId()))
        .flatMap(
            r -> {
              if (r instanceof Result.RolledBack b) {
                return support.say(
                    call, "reply.rollback.done", month.toString(), b.from(), b.to(), b.told());
              }
              if (r instanceof Result.NotPermitted n) {
                return support.say(call, "reply.publish.notPermitted");
              }
              if (r instanceof Result.NothingPublished n) {
                return support.say(call, "reply.rollback.nothingPublished", month.toString());
              }
              if (r instanceof Result.NoEarlierVersion n) {
                return support.say(call, "reply.rollback.noEarlier", month.toString());
              }
              if (r instanceof Result.NoSuchVersion n) {
                return support.say(
                    call,
                    "reply.rollback.noSuchVersion",
                    month.toString(),
                    n.version(),
                    n.latest());
              }
              if (r instanceof Result.AlreadyInForce a) {
                return support.say(
                    call, "reply.rollback.alreadyInForce", month.toString(), a.version());
              }
              return support.say(call, "reply.publish.conflict");
            });
  }
}
