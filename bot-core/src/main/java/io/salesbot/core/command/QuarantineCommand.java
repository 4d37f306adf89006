package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.domain.Hold;
import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordRules;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.Violation;
import io.salesbot.core.team.domain.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * {@code /quarantine} ({@code /隔离}), managers only: the quarantined scorecard records of the
 * manager's teams — a record whose rep, or a rep it holds, is in one of them; records of reps in no
 * team go to every manager — with the rules each breaks.
 */
public final class QuarantineCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.managers("quarantine", 0, 0, "/quarantine", "/隔离");
  private static final int LIMIT = 20;

  private final CommandSupport support;
  private final Records records;
  private final Supplier<RecordRules> rules;

  public QuarantineCommand(CommandSupport support, Records records, Supplier<RecordRules> rules) {
    this.support = support;
    this.records = records;
    this.rules = rules;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    List<Team> teams = support.managedTeams(call.user());
    return records
        .openHolds()
        .collectList()
        .flatMap(
            holds ->
                records
                    .quarantined()
                    .filter(v -> concerns(v, holds, teams))
                    .collectList()
                    .flatMap(found -> answer(call, found)));
  }

  private boolean concerns(RecordVersion v, List<Hold> holds, List<Team> teams) {
    Set<Address> people =
        holds.stream()
            .filter(h -> h.record().equals(v.key()))
            .map(Hold::rep)
            .collect(Collectors.toSet());
    people.add(v.record().rep());
    boolean anyInTeam = false;
    for (Address p : people) {
      Optional<Team> team = support.directory().teamOf(p);
      if (team.isPresent()) {
        anyInTeam = true;
        if (teams.stream().anyMatch(t -> t.id().equals(team.get().id()))) {
          return true;
        }
      }
    }
    return !anyInTeam;
  }

  private Mono<Void> answer(CommandCall call, List<RecordVersion> found) {
    Messages m = support.messages();
    if (found.isEmpty()) {
      return support.say(call, "reply.quarantine.none");
    }
    List<String> lines = new ArrayList<>();
    lines.add(m.get("reply.quarantine.header", found.size()));
    for (RecordVersion v : found.subList(0, Math.min(LIMIT, found.size()))) {
      RecordKey key = v.key();
      lines.add(
          m.get(
              "reply.quarantine.line",
              key.source() + "/" + key.externalId() + " v" + v.version(),
              v.record().type().wire(),
              support.directory().displayName(v.record().rep()),
              rules.get().period(v.record().occurredAt()).toString(),
              v.reasons().stream().map(Violation::toString).collect(Collectors.joining("; "))));
    }
    if (found.size() > LIMIT) {
      lines.add(m.get("reply.quarantine.more", found.size() - LIMIT));
    }
    return support.say(call.message(), String.join("\n", lines));
  }
}
