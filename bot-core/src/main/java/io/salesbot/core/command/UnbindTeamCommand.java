package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.Team;
import reactor.core.publisher.Mono;

/**
 * {@code /unbind-team [team]}: the team's grab offers go to each rep again; without a team, every
 * team the sender manages that is bound to this group.
 */
public final class UnbindTeamCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.managers("unbindTeam", 0, 4, "/unbind-team", "/解绑群", "/解绑团队");

  private final CommandSupport support;
  private final TeamChannels channels;

  public UnbindTeamCommand(CommandSupport support, TeamChannels channels) {
    this.support = support;
    this.channels = channels;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    if (call.rest().isBlank()) {
      Address group = call.message().conversation();
      if (group == null) {
        return support.usage(call.message(), SPEC);
      }
      var directory = support.directory();
      return channels
          .boundTo(group)
          .filter(c -> directory.team(c.teamId()).map(t -> t.isManager(call.user())).orElse(false))
          .concatMap(c -> channels.unbind(c.teamId()).thenReturn(c.teamId()))
          .map(id -> directory.team(id).map(Team::name).orElse(id))
          .collectList()
          .flatMap(
              names ->
                  names.isEmpty()
                      ? support.say(call, "reply.noTeamBoundHere")
                      : support.say(call, "reply.teamUnbound", String.join("、", names)));
    }
    return support
        .managedTeam(call.message(), call.rest())
        .flatMap(
            t ->
                channels
                    .unbind(t.id())
                    .flatMap(
                        removed ->
                            support.say(
                                call,
                                removed ? "reply.teamUnbound" : "reply.teamNotBound",
                                t.name())));
  }
}
