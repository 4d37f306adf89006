package io.salesbot.core.command;

import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.team.domain.Team;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /why <lead>}: the lead's history, every decision with its reason, and its notes (沟通记录) in
 * time order.
 */
public final class WhyCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("why", 1, 1, "/why", "/为什么");

  private final CommandSupport support;
  private final Leads leads;
  private final LeadNotes notes;

  public WhyCommand(CommandSupport support, Leads leads, LeadNotes notes) {
    this.support = support;
    this.leads = leads;
    this.notes = notes;
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
          Flux<Map.Entry<Instant, String>> history =
              leads
                  .history(lead.id())
                  .map(
                      a ->
                          Map.entry(
                              a.at(),
                              CommandSupport.TIME.format(a.at())
                                  + " "
                                  + a.action()
                                  + " — "
                                  + a.reason()));
          Flux<Map.Entry<Instant, String>> noted =
              notes
                  .of(lead.id())
                  .map(
                      n ->
                          Map.entry(
                              n.at(),
                              m.get(
                                  "reply.why.note",
                                  CommandSupport.TIME.format(n.at()),
                                  support.directory().displayName(n.author()),
                                  n.text())));
          return history
              .concatWith(noted)
              .collectList()
              .map(
                  all ->
                      all.stream()
                          .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                          .map(Map.Entry::getValue)
                          .toList())
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
