package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.score.PublicationPolicy;
import io.salesbot.core.score.Publications;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.PublicationEvent;
import io.salesbot.core.score.domain.PublicationState;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code /publications <YYYY-MM>} ({@code /发布记录}), publishers and managers: where the month's
 * publication stands (version in force, newest version, held) and its audit — every publish, hold
 * and rollback with who, when and why.
 */
public final class PublicationsCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.of("publications", 1, 1, "/publications", "/发布记录");

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final Publications publications;
  private final PublicationPolicy policy;

  public PublicationsCommand(
      CommandSupport support,
      ScoreDrafts drafts,
      Publications publications,
      PublicationPolicy policy) {
    this.support = support;
    this.drafts = drafts;
    this.publications = publications;
    this.policy = policy;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    if (!policy.mayPublish(call.user()) && support.managedTeams(call.user()).isEmpty()) {
      return support.say(call, "reply.managerOnly");
    }
    Optional<YearMonth> period = PublishCommand.month(support, drafts, call.args().get(0));
    if (period.isEmpty()) {
      return support.say(call, "reply.score.badPeriod", call.args().get(0));
    }
    YearMonth month = period.get();
    return publications
        .state(month)
        .zipWith(publications.audit(month).collectList())
        .flatMap(t -> answer(call, t.getT1(), t.getT2()));
  }

  private Mono<Void> answer(CommandCall call, PublicationState s, List<PublicationEvent> audit) {
    Messages m = support.messages();
    if (audit.isEmpty()) {
      return support.say(call, "reply.publications.none", s.period().toString());
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        m.get(
            s.held() ? "reply.publications.headerHeld" : "reply.publications.header",
            s.period().toString(),
            s.inForce(),
            s.latest()));
    for (PublicationEvent e : audit) {
      lines.add(
          m.get(
              "reply.publications.line",
              CommandSupport.TIME.format(e.at()),
              m.get("reply.publications." + e.action().name().toLowerCase(java.util.Locale.ROOT)),
              e.version(),
              support.directory().displayName(e.by()),
              e.reason().isBlank() ? "-" : e.reason()));
    }
    return support.say(call.message(), String.join("\n", lines));
  }
}
