package io.salesbot.core.score;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordStatus;
import io.salesbot.core.score.domain.Release;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.core.team.domain.Team;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A manager releases a quarantined record with a reason: it counts as it is from then on, the holds
 * it put are lifted, and who released it and why stays with the version (the audit). Only the
 * manager of the rep's team may release it; a record whose rep is in no team, any manager. An
 * administrator (the web console's, {@link Command#byAdmin}) may release any record; the audit then
 * names the administrator.
 */
public final class ReleaseRecord {
  private final Records records;
  private final TeamDirectory directory;
  private final Supplier<RecordRules> rules;
  private final Clock clock;

  public ReleaseRecord(
      Records records, TeamDirectory directory, Supplier<RecordRules> rules, Clock clock) {
    this.records = records;
    this.directory = directory;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * A request to release a record.
   *
   * @param manager who releases it, kept as the releaser
   * @param admin whether {@code manager} is an administrator, whom the caller has checked: may
   *     release any record
   */
  public record Command(RecordKey key, Address manager, String reason, boolean admin) {
    /** A manager's request: only the manager of the rep's team may release. */
    public Command(RecordKey key, Address manager, String reason) {
      this(key, manager, reason, false);
    }

    /** An administrator's request (checked by the caller): any record. */
    public static Command byAdmin(RecordKey key, Address admin, String reason) {
      return new Command(key, admin, reason, true);
    }
  }

  /** What became of a release request. */
  public sealed interface Result {
    record Released(int version) implements Result {}

    record NotFound() implements Result {}

    /** The record is not (or no longer) quarantined: released, accepted or corrected meanwhile. */
    record NotQuarantined(RecordStatus status) implements Result {}

    record NotPermitted() implements Result {}

    record ReasonRequired() implements Result {}
  }

  public Mono<Result> release(Command c) {
    if (c.reason() == null || c.reason().isBlank()) {
      return Mono.just(new Result.ReasonRequired());
    }
    return records
        .current(c.key())
        .flatMap(
            current -> {
              if (current.status() != RecordStatus.QUARANTINED) {
                return Mono.<Result>just(new Result.NotQuarantined(current.status()));
              }
              if (!c.admin() && !permitted(c.manager(), current.record().rep())) {
                return Mono.<Result>just(new Result.NotPermitted());
              }
              Release release = new Release(c.manager(), c.reason().strip(), clock.instant());
              return records
                  .release(
                      c.key(),
                      current.version(),
                      release,
                      rules.get().period(current.record().occurredAt()))
                  .flatMap(
                      done ->
                          done
                              ? Mono.<Result>just(new Result.Released(current.version()))
                              : records
                                  .current(c.key())
                                  .<Result>map(now -> new Result.NotQuarantined(now.status())));
            })
        .defaultIfEmpty(new Result.NotFound());
  }

  private boolean permitted(Address manager, Address rep) {
    Optional<Team> team = directory.teamOf(rep);
    if (team.isPresent()) {
      return team.get().isManager(manager);
    }
    return directory.teams().stream().anyMatch(t -> t.isManager(manager));
  }
}
