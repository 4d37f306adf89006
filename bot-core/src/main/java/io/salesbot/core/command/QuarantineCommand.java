package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.FeedHealth;
import io.salesbot.core.score.Records;
import io.salesbot.core.score.domain.FeedHold;
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
 * team go to every manager — with the rules each breaks, and the months held because a record
 * source was unwell (feed health: every manager sees those). {@code /quarantine release-feed
 * <source> <reason>} ({@code /隔离 放行数据源 …}) releases a source's holds, the reason kept.
 */
public final class QuarantineCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.managers("quarantine", 0, 100, "/quarantine", "/隔离");
  private static final Set<String> RELEASE_FEED = Set.of("release-feed", "放行数据源");
  private static final int LIMIT = 20;
  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final CommandSupport support;
  private final Records records;
  private final Supplier<RecordRules> rules;
  private final FeedHealth feeds;

  public QuarantineCommand(
      CommandSupport support, Records records, Supplier<RecordRules> rules, FeedHealth feeds) {
    this.support = support;
    this.records = records;
    this.rules = rules;
    this.feeds = feeds;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    if (!call.args().isEmpty()) {
      if (!RELEASE_FEED.contains(call.args().get(0)) || call.args().size() < 2) {
        return support.usage(call.message(), SPEC);
      }
      return releaseFeed(call);
    }
    List<Team> teams = support.managedTeams(call.user());
    return Mono.zip(records.openHolds().collectList(), feeds.openHolds().collectList())
        .flatMap(
            t ->
                records
                    .quarantined()
                    .filter(v -> concerns(v, t.getT1(), teams))
                    .collectList()
                    .flatMap(found -> answer(call, found, t.getT2())));
  }

  private Mono<Void> releaseFeed(CommandCall call) {
    String source = call.args().get(1);
    String reason = String.join(" ", call.args().subList(2, call.args().size()));
    return feeds
        .release(source, call.user(), reason)
        .flatMap(
            r -> {
              if (r instanceof FeedHealth.Released.Done d) {
                return support.say(call, "reply.quarantine.feedReleased", source, d.holds());
              }
              if (r instanceof FeedHealth.Released.NothingHeld) {
                return support.say(call, "reply.quarantine.feedNothingHeld", source);
              }
              return support.say(call, "reply.quarantine.feedReason");
            });
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

  private Mono<Void> answer(CommandCall call, List<RecordVersion> found, List<FeedHold> held) {
    Messages m = support.messages();
    List<String> lines = new ArrayList<>();
    if (!held.isEmpty()) {
      lines.add(m.get("reply.quarantine.feedHeader", held.size()));
      for (FeedHold h : held.subList(0, Math.min(LIMIT, held.size()))) {
        lines.add(
            m.get(
                "reply.quarantine.feedLine",
                h.period().toString(),
                h.condition().source(),
                m.get("feed.kind." + h.condition().kind().wire()),
                h.condition().detail(),
                TIME.withZone(rules.get().zone()).format(h.condition().since())));
      }
      if (held.size() > LIMIT) {
        lines.add(m.get("reply.quarantine.more", held.size() - LIMIT));
      }
    }
    if (found.isEmpty()) {
      if (lines.isEmpty()) {
        return support.say(call, "reply.quarantine.none");
      }
      return support.say(call.message(), String.join("\n", lines));
    }
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
