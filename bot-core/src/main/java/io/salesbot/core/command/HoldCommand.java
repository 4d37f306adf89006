package io.salesbot.core.command;

import io.salesbot.core.score.PublishScorecards;
import io.salesbot.core.score.PublishScorecards.Held;
import io.salesbot.core.score.ScoreDrafts;
import reactor.core.publisher.Mono;

/**
 * {@code /hold <YYYY-MM> <why>} ({@code /暂停发布}), publishers only: the cards of the month still
 * withheld are not sent until it is published again; audited with the reason.
 */
public final class HoldCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("hold", 2, 40, "/hold", "/暂停发布");

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final PublishScorecards publish;

  public HoldCommand(CommandSupport support, ScoreDrafts drafts, PublishScorecards publish) {
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
    return PublishCommand.request(
        support,
        drafts,
        call,
        c ->
            publish
                .hold(c)
                .flatMap(
                    r -> {
                      if (r instanceof Held.Done d) {
                        return support.say(
                            call, "reply.hold.done", c.period().toString(), d.inForce());
                      }
                      if (r instanceof Held.NotPermitted n) {
                        return support.say(call, "reply.publish.notPermitted");
                      }
                      return support.usage(call.message(), SPEC);
                    }));
  }
}
