package io.salesbot.core.stage;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.OneAtATime;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.ReportQuery;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.timer.TimerHandler;
import io.salesbot.core.timer.domain.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The daily digest to each team's manager at {@code salesbot.stages.digest-at} (local time of the
 * team's quiet hours; inside them it waits for their end): deals that stalled in the last day,
 * evidence owed past its due date, skips approved in the last day (a team without open deals gets
 * none). Read from the deals as they are, so it also lists a stall whose timer was never armed.
 * Each digest arms the next day's; {@link StallClock} arms a team's first one when one of its deals
 * is stored, and {@link #armAll()} at start-up.
 */
public final class StallDigest implements TimerHandler {
  static final int MAX_LISTED = 10;

  private final DealSupport support;
  private final StallClock stallClock;
  private final Messages messages;

  /** One digest at a time, and a rest as long as the last one took: none is urgent. */
  private final OneAtATime oneAtATime = new OneAtATime(1.0, Schedulers.parallel());

  public StallDigest(DealSupport support, StallClock stallClock) {
    this.support = support;
    this.stallClock = stallClock;
    this.messages = support.talk().messages();
  }

  /** Arms the next digest of every team (stored once however many instances start). */
  public Mono<Void> armAll() {
    return Flux.fromIterable(support.directory().teams())
        .concatMap(t -> stallClock.armDigest(t.id()))
        .then();
  }

  @Override
  public Mono<Void> fire(Timer timer) {
    Optional<Team> team = support.directory().team(timer.data());
    if (team.isEmpty()) {
      return Mono.empty(); // the team is gone: no digest, and none armed again
    }
    return stallClock
        .armDigest(team.get().id())
        .then(stallClock.deferIfQuiet(timer, team.get().id()))
        // one digest at a time: all teams' fall due at the same minute, none is urgent
        .flatMap(deferred -> deferred ? Mono.empty() : oneAtATime.run(send(timer, team.get())));
  }

  private Mono<Void> send(Timer timer, Team team) {
    Instant now = stallClock.clock().instant();
    Instant since = now.minus(Duration.ofDays(1));
    List<Duration> stalledAfter = ReportQuery.stalledAfter(support.model());
    return support
        .deals()
        .hasOpen(team.id())
        .filter(Boolean::booleanValue) // a team without open deals gets no digest
        .flatMap(
            open ->
                support
                    .deals()
                    .digestCandidates(team.id(), since, now, stalledAfter)
                    .concatMap(deal -> found(deal, since, now))
                    .collectList())
        .flatMap(
            found -> {
              List<String> stalls = new ArrayList<>();
              List<String> owed = new ArrayList<>();
              List<String> skips = new ArrayList<>();
              for (Found f : found) {
                Deal d = f.deal();
                var stage = support.model().stage(d.stage());
                Instant stalledAt = d.lastProgressAt().plus(stage.stalledAfter());
                if (stalledAt.isAfter(since) && !stalledAt.isAfter(now)) {
                  stalls.add(f.ref() + " " + stage.name());
                }
                for (CheckpointDef c : support.model().all()) {
                  CheckpointState s = d.state(c.id());
                  if (s.state() == CheckpointState.State.OWED
                      && s.dueAt() != null
                      && s.dueAt().isBefore(now)) {
                    owed.add(f.ref() + " " + c.label());
                  }
                }
                if (f.skips() > 0) {
                  skips.add(f.ref() + " " + stage.name());
                }
              }
              List<String> lines = new ArrayList<>();
              lines.add(
                  messages.get(
                      "reply.digest.title",
                      team.name(),
                      now.atZone(stallClock.zone(team.id())).toLocalDate().toString()));
              section(lines, "reply.digest.stalls", stalls);
              section(lines, "reply.digest.owed", owed);
              section(lines, "reply.digest.skips", skips);
              if (lines.size() == 1) {
                lines.add(messages.get("reply.digest.none"));
              }
              return support
                  .talk()
                  .replies()
                  .text("digest-" + timer.id(), String.join("\n", lines), List.of(team.manager()));
            });
  }

  /**
   * A deal with the skips approved in {@code (since, now]}. A skip moves the deal on, which is
   * progress: only a deal that progressed since then can have one, so only those deals' moves are
   * read (one query per recently moved deal, not per open deal — the digest scans every open deal
   * of the team).
   */
  private Mono<Found> found(Deal deal, Instant since, Instant now) {
    String ref = "#" + Lead.shortId(deal.id());
    if (!deal.lastProgressAt().isAfter(since)) {
      return Mono.just(new Found(deal, ref, 0));
    }
    return support
        .deals()
        .transitions(deal.id())
        .filter(
            t -> t.kind() == StageMove.Kind.SKIP && t.at().isAfter(since) && !t.at().isAfter(now))
        .count()
        .map(skips -> new Found(deal, ref, skips.intValue()));
  }

  private record Found(Deal deal, String ref, int skips) {}

  private void section(List<String> lines, String key, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    String listed = String.join("、", items.subList(0, Math.min(MAX_LISTED, items.size())));
    if (items.size() > MAX_LISTED) {
      listed += " …";
    }
    lines.add(messages.get(key, items.size(), listed));
  }
}
