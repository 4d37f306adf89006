package io.salesbot.core.command;

import io.salesbot.core.score.PublishScorecards;
import io.salesbot.core.score.PublishScorecards.Published;
import io.salesbot.core.score.ScoreDrafts;
import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@code /publish <YYYY-MM> [why]} ({@code /发布}), publishers only ({@code
 * salesbot.scorecards.publishers}): freezes the month's next scorecard version and sends the cards.
 */
public final class PublishCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("publish", 1, 40, "/publish", "/发布");

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final PublishScorecards publish;

  public PublishCommand(CommandSupport support, ScoreDrafts drafts, PublishScorecards publish) {
    this.support = support;
    this.drafts = drafts;
    this.publish = publish;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    return request(support, drafts, call, c -> publish.publish(c).flatMap(r -> answer(call, c, r)));
  }

  private Mono<Void> answer(CommandCall call, PublishScorecards.Command c, Published r) {
    YearMonth month = c.period();
    if (r instanceof Published.Done d) {
      return support.say(
          call, "reply.publish.done", month.toString(), d.version(), d.sent(), d.withheld());
    }
    if (r instanceof Published.NotPermitted n) {
      return support.say(call, "reply.publish.notPermitted");
    }
    if (r instanceof Published.HeldByFeeds h) {
      return support.say(
          call, "reply.publish.heldByFeeds", month.toString(), String.join("；", h.reasons()));
    }
    if (r instanceof Published.NothingToPublish n) {
      return support.say(call, "reply.publish.nothing", month.toString());
    }
    return support.say(call, "reply.publish.conflict");
  }

  /**
   * {@code /publish} and {@code /hold}: the month (the first argument) and the reason (the rest) as
   * a request, handed to {@code then}; a malformed or future month is answered instead.
   */
  static Mono<Void> request(
      CommandSupport support,
      ScoreDrafts drafts,
      CommandCall call,
      Function<PublishScorecards.Command, Mono<Void>> then) {
    Optional<YearMonth> period = month(support, drafts, call.args().get(0));
    if (period.isEmpty()) {
      return support.say(call, "reply.score.badPeriod", call.args().get(0));
    }
    String why = String.join(" ", call.args().subList(1, call.args().size()));
    return then.apply(
        new PublishScorecards.Command(period.get(), call.user(), why, call.message().eventId()));
  }

  /** A month named by {@code /publish}, {@code /hold}, {@code /rollback}: not a future one. */
  static Optional<YearMonth> month(CommandSupport support, ScoreDrafts drafts, String arg) {
    if (!ScorePeriods.looksLikePeriod(arg)) {
      return Optional.empty();
    }
    return ScorePeriods.parse(arg, support.talk().clock().instant(), drafts);
  }
}
