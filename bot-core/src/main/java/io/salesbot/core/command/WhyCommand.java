package io.salesbot.core.command;

import io.salesbot.core.lead.Leads;
import io.salesbot.core.team.domain.Team;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** {@code /why <lead>}: the lead's history, every decision with its reason. */
public final class WhyCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("why", 1, 1, "/why", "/为什么");

  private final CommandSupport support;
  private final Leads leads;

  public WhyCommand(CommandSupport support, Leads leads) {
    this.support = support;
    this.leads = leads;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    return support.findLead(
        call.message(),
        call.args().get(0),
        lead -> {
          Optional<Team> team = support.teamOf(lead);
          boolean allowed =
              lead.isOwnedBy(call.user())
                  || (team.isPresent() && support.inTeam(team.get(), call.user()));
          if (!allowed) {
            return support.say(call, "reply.notYourTeam", "#" + lead.shortId());
          }
          var m = support.messages();
          return leads
              .history(lead.id())
              .map(a -> CommandSupport.TIME.format(a.at()) + " " + a.action() + " — " + a.reason())
              .collectList()
              .flatMap(
                  lines ->
                      support.say(
                          call.message(),
                          m.get("reply.why", "#" + lead.shortId(), m.leadName(lead.submission()))
                              + "\n"
                              + String.join("\n", lines)));
        });
  }
}
