package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import reactor.core.publisher.Mono;

/**
 * {@code /bind-team <team>}, typed in a group chat by the team's manager: the team's grab offers go
 * to this group (see {@link TeamChannels}).
 */
public final class BindTeamCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.managers("bindTeam", 1, 4, "/bind-team", "/绑定群", "/绑定团队");

  private final CommandSupport support;
  private final TeamChannels channels;

  public BindTeamCommand(CommandSupport support, TeamChannels channels) {
    this.support = support;
    this.channels = channels;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    Address group = call.message().conversation();
    if (group == null) {
      return support.say(call, "reply.bindTeam.notInGroup");
    }
    return support
        .managedTeam(call.message(), call.rest())
        .flatMap(
            t ->
                channels
                    .bind(
                        new TeamChannel(
                            t.id(), group, call.user(), support.talk().clock().instant()))
                    .then(support.say(call, "reply.teamBound", t.name())));
  }
}
