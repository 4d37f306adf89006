package io.salesbot.core.routing;

import io.salesbot.core.kernel.GroupCommit;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.RepLoad;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reads distributing a lead makes about its team — the reps' loads, who is off duty, the team's
 * bound group — made once for all the leads handled at the same time ({@link GroupCommit}): one
 * query for the union of their reps instead of one per lead. Nothing is cached: each batch of reads
 * starts after every caller in it asked, so each answer is as fresh as the caller's own query would
 * have been (loads change with every claim, bindings with {@code /bind-team} on any instance).
 */
final class TeamReads {
  /** Most callers whose reads go together. */
  static final int MAX = 256;

  private record LoadQuery(List<Address> reps, Instant dayStart) {}

  private final GroupCommit<LoadQuery, Map<Address, RepLoad>> loads;
  private final GroupCommit<List<Address>, Set<Address>> offDuty;
  private final GroupCommit<String, Optional<TeamChannel>> groups;

  TeamReads(Leads leads, RoutingState state, TeamChannels channels) {
    this.loads =
        new GroupCommit<>(
            "load reads",
            MAX,
            batch -> loadsOf(leads, batch),
            q -> leads.loads(q.reps(), q.dayStart()));
    this.offDuty =
        new GroupCommit<>(
            "duty reads",
            MAX,
            batch -> {
              Set<Address> all = new LinkedHashSet<>();
              batch.forEach(all::addAll);
              return state
                  .offDuty(all)
                  .map(off -> batch.stream().map(reps -> only(off, reps)).toList());
            },
            state::offDuty);
    this.groups =
        new GroupCommit<>(
            "group reads",
            MAX,
            batch ->
                Flux.fromIterable(new LinkedHashSet<>(batch))
                    .concatMap(team -> channels.find(team).map(c -> Map.entry(team, c)).flux())
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .map(
                        found ->
                            batch.stream()
                                .map(team -> Optional.ofNullable(found.get(team)))
                                .toList()),
            team -> channels.find(team).map(Optional::of).defaultIfEmpty(Optional.empty()));
  }

  /** {@link Leads#loads}, read together with the other leads' reads. */
  Mono<Map<Address, RepLoad>> loads(List<Address> reps, Instant dayStart) {
    return loads.submit(new LoadQuery(List.copyOf(reps), dayStart));
  }

  /** {@link RoutingState#offDuty}, read together with the other leads' reads. */
  Mono<Set<Address>> offDuty(List<Address> reps) {
    return offDuty.submit(List.copyOf(reps));
  }

  /** {@link TeamChannels#find}, read together with the other leads' reads. */
  Mono<TeamChannel> group(String teamId) {
    return groups.submit(teamId).flatMap(Mono::justOrEmpty);
  }

  /** One {@link Leads#loads} per day start in the batch (usually one), for the union of reps. */
  private static Mono<List<Map<Address, RepLoad>>> loadsOf(Leads leads, List<LoadQuery> batch) {
    Map<Instant, Set<Address>> byDay = new LinkedHashMap<>();
    for (LoadQuery q : batch) {
      byDay.computeIfAbsent(q.dayStart(), d -> new LinkedHashSet<>()).addAll(q.reps());
    }
    Map<Instant, Map<Address, RepLoad>> read = new HashMap<>();
    return Flux.fromIterable(byDay.entrySet())
        .concatMap(
            e -> leads.loads(e.getValue(), e.getKey()).doOnNext(m -> read.put(e.getKey(), m)))
        .then(
            Mono.fromSupplier(
                () ->
                    batch.stream()
                        .map(
                            q -> {
                              Map<Address, RepLoad> all = read.getOrDefault(q.dayStart(), Map.of());
                              Map<Address, RepLoad> mine = new HashMap<>();
                              for (Address r : q.reps()) {
                                mine.put(r, all.getOrDefault(r, RepLoad.NONE));
                              }
                              return mine;
                            })
                        .toList()));
  }

  private static Set<Address> only(Set<Address> off, List<Address> reps) {
    Set<Address> mine = new HashSet<>(reps);
    mine.retainAll(off);
    return mine;
  }
}
