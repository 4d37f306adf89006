package io.salesbot.core.command;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.ReofferParked;
import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code /duty on|off}: a rep goes on or off duty (off-duty reps get no offers); {@code /duty <rep>
 * on|off}: a manager does it for a rep of their team.
 */
public final class DutyCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("duty", 1, 2, "/duty", "/值班");

  private final CommandSupport support;
  private final RoutingState routing;
  private final ReofferParked reoffer;

  /** {@code reoffer}: a rep going on duty has the team's parked leads offered again. */
  public DutyCommand(CommandSupport support, RoutingState routing, ReofferParked reoffer) {
    this.support = support;
    this.routing = routing;
    this.reoffer = reoffer;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    List<String> args = call.args();
    Optional<Boolean> on = onOff(args.get(args.size() - 1));
    if (on.isEmpty()) {
      return support.usage(call.message(), SPEC);
    }
    Address user = call.user();
    var now = support.talk().clock().instant();
    if (args.size() == 1) {
      if (support.directory().teamOf(user).isEmpty()) {
        return support.say(call, "reply.notInAnyTeam");
      }
      return routing
          .setDuty(user, on.get(), now)
          .then(onDuty(user, on.get(), call))
          .then(support.say(call, on.get() ? "reply.dutyOn" : "reply.dutyOff"));
    }
    List<Team> managed = support.managedTeams(user);
    for (Team team : managed) {
      Optional<Member> rep = support.findRep(team, args.get(0));
      if (rep.isPresent()) {
        return routing
            .setDuty(rep.get().id(), on.get(), now)
            .then(onDuty(rep.get().id(), on.get(), call))
            .then(
                support.say(
                    call, on.get() ? "reply.dutyOnFor" : "reply.dutyOffFor", rep.get().name()));
      }
    }
    return managed.isEmpty()
        ? support.say(call, "reply.managerOnly")
        : support.say(call, "reply.unknownRep", args.get(0), managed.get(0).name());
  }

  private Mono<Void> onDuty(Address rep, boolean on, CommandCall call) {
    return on ? reoffer.onDuty(rep, call.message().eventId()) : Mono.empty();
  }

  private static Optional<Boolean> onOff(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "on":
      case "开":
      case "上班":
        return Optional.of(true);
      case "off":
      case "关":
      case "下班":
        return Optional.of(false);
      default:
        return Optional.empty();
    }
  }
}
