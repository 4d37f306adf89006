package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.routing.AssignLead;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code /assign <lead> <rep>} (a pooled lead) and {@code /reassign <lead> <rep>} (an owned one):
 * managers move a lead of their team to one of its reps.
 */
public final class AssignCommand implements CommandHandler {
  private final CommandSpec spec;
  private final boolean reassign;
  private final CommandSupport support;
  private final AssignLead assign;
  private final Messages messages;

  private AssignCommand(
      CommandSpec spec, boolean reassign, CommandSupport support, AssignLead assign) {
    this.spec = spec;
    this.reassign = reassign;
    this.support = support;
    this.assign = assign;
    this.messages = support.messages();
  }

  /** {@code /assign}: a lead in the pool to a rep. */
  public static AssignCommand assign(CommandSupport support, AssignLead assign) {
    return new AssignCommand(
        CommandSpec.managers("assign", 2, 2, "/assign", "/分配"), false, support, assign);
  }

  /** {@code /reassign}: an owned lead to another rep. */
  public static AssignCommand reassign(CommandSupport support, AssignLead assign) {
    return new AssignCommand(
        CommandSpec.managers("reassign", 2, 2, "/reassign", "/改派"), true, support, assign);
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    Address manager = call.user();
    String repRef = call.args().get(1);
    return support.findLead(
        call.message(),
        call.args().get(0),
        lead -> {
          Optional<Team> team = support.teamOf(lead);
          if (team.isEmpty() || !team.get().isManager(manager)) {
            return support.say(call, "reply.notYourTeam", "#" + lead.shortId());
          }
          Optional<Member> rep = support.findRep(team.get(), repRef);
          if (rep.isEmpty()) {
            return support.say(call, "reply.unknownRep", repRef, team.get().name());
          }
          Address from = lead.owner();
          Address to = rep.get().id();
          if (!reassign && from != null) {
            return support.say(
                call,
                "reply.useReassign",
                "#" + lead.shortId(),
                support.directory().displayName(from));
          }
          if (reassign && from == null) {
            return support.say(call, "reply.useAssign", "#" + lead.shortId());
          }
          if (to.equals(from)) {
            return support.say(call, "reply.alreadyOwner", rep.get().name());
          }
          String managerName = support.directory().displayName(manager);
          String reason =
              (reassign
                      ? "reassigned from "
                          + support.directory().displayName(Objects.requireNonNull(from))
                          + " to "
                      : "assigned to ")
                  + rep.get().name()
                  + " ("
                  + to
                  + ") by "
                  + managerName
                  + " with "
                  + spec.names().get(0);
          return assign
              .move(
                  lead,
                  from,
                  to,
                  manager,
                  reassign ? "reassigned" : "assigned",
                  reason,
                  call.message().eventId())
              .flatMap(
                  moved ->
                      support
                          .say(
                              call,
                              "reply.assigned",
                              messages.leadName(moved.submission()),
                              rep.get().name())
                          .thenReturn(true))
              .switchIfEmpty(support.say(call, "reply.leadChanged").thenReturn(false))
              .then();
        });
  }
}
