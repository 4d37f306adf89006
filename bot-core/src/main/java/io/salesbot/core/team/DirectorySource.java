package io.salesbot.core.team;

import io.salesbot.core.team.domain.Member;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A chat platform's organisation directory (WeCom departments and members, DingTalk departments and
 * users), read so that teams can take their reps from it instead of from configuration.
 * Implementations may cache; {@link SyncedTeamDirectory} keeps the last good answer per department
 * and asks again on its schedule and whenever the source reports a change.
 */
public interface DirectorySource {
  /** The platform these people live on: {@code wecom}, {@code dingtalk}. */
  String platform();

  /**
   * A department as the directory has it now, or empty when it does not exist (or the app may not
   * see it). Errors mean "could not ask", not "gone": the caller keeps what it had.
   *
   * @param departmentId the platform's department id
   */
  Mono<Department> department(String departmentId);

  /**
   * Registers {@code listener} to be called when the platform reports a directory change (a person
   * or department created, changed or removed). The listener must return quickly; the default
   * source never calls it (changes are then picked up on the schedule only).
   */
  default void onChange(Runnable listener) {}

  /**
   * A department: its name, its leader (the team's manager, when the platform names one) and its
   * members as reps, in the directory's order.
   */
  record Department(String id, String name, Optional<Member> leader, List<Member> members) {
    public Department {
      members = List.copyOf(members);
    }
  }
}
