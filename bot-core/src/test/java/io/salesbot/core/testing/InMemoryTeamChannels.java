package io.salesbot.core.testing;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link TeamChannels} in memory: one group per team, binding again replaces it. */
public final class InMemoryTeamChannels implements TeamChannels {
  private final Map<String, TeamChannel> byTeam = new ConcurrentHashMap<>();
  private final Map<String, Address> announcers = new ConcurrentHashMap<>();

  /** Makes {@code announcer} (a group robot) see the team's announcements from now on. */
  public void announceTo(String teamId, Address announcer) {
    announcers.put(teamId, announcer);
  }

  @Override
  public Mono<Address> announcer(String teamId) {
    return Mono.fromSupplier(() -> announcers.get(teamId));
  }

  @Override
  public Mono<Void> bind(TeamChannel channel) {
    return Mono.fromRunnable(() -> byTeam.put(channel.teamId(), channel));
  }

  @Override
  public Mono<TeamChannel> find(String teamId) {
    return Mono.fromSupplier(() -> byTeam.get(teamId));
  }

  @Override
  public Flux<TeamChannel> boundTo(Address channel) {
    return Flux.defer(
        () ->
            Flux.fromIterable(
                byTeam.values().stream().filter(c -> c.channel().equals(channel)).toList()));
  }

  @Override
  public Mono<Boolean> unbind(String teamId) {
    return Mono.fromSupplier(() -> byTeam.remove(teamId) != null);
  }
}
