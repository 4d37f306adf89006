package io.salesbot.core.team;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.domain.TeamChannel;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which team is bound to which group chat ({@code /bind-team}), shared by every instance
 * (PostgreSQL in production): whichever instance distributes a lead must see a binding made through
 * another one.
 */
public interface TeamChannels {
  /** No bindings at all: every offer goes to the reps themselves. */
  TeamChannels NONE =
      new TeamChannels() {
        @Override
        public Mono<Void> bind(TeamChannel channel) {
          return Mono.error(new UnsupportedOperationException("team channels are not stored"));
        }

        @Override
        public Mono<TeamChannel> find(String teamId) {
          return Mono.empty();
        }

        @Override
        public Flux<TeamChannel> boundTo(Address channel) {
          return Flux.empty();
        }

        @Override
        public Mono<Boolean> unbind(String teamId) {
          return Mono.just(false);
        }
      };

  /** Binds the team to the group, replacing the team's earlier group if any. */
  Mono<Void> bind(TeamChannel channel);

  /** The team's group, if it has one. */
  Mono<TeamChannel> find(String teamId);

  /** The teams bound to this group. */
  Flux<TeamChannel> boundTo(Address channel);

  /**
   * Removes the team's binding.
   *
   * @return true when there was one
   */
  Mono<Boolean> unbind(String teamId);

  /**
   * Where the team's announcements also go, besides its reps or its group: an address that only
   * listens (a WeCom group robot, {@code salesbot.teams.<id>.announce-robot}); empty when none.
   */
  default Mono<Address> announcer(String teamId) {
    return Mono.empty();
  }

  /** {@code channels}, with a fixed announcer for the teams in {@code announcers}. */
  static TeamChannels withAnnouncers(TeamChannels channels, Map<String, Address> announcers) {
    Map<String, Address> fixed = Map.copyOf(announcers);
    if (fixed.isEmpty()) {
      return channels;
    }
    return new TeamChannels() {
      @Override
      public Mono<Void> bind(TeamChannel channel) {
        return channels.bind(channel);
      }

      @Override
      public Mono<TeamChannel> find(String teamId) {
        return channels.find(teamId);
      }

      @Override
      public Flux<TeamChannel> boundTo(Address channel) {
        return channels.boundTo(channel);
      }

      @Override
      public Mono<Boolean> unbind(String teamId) {
        return channels.unbind(teamId);
      }

      @Override
      public Mono<Address> announcer(String teamId) {
        return Mono.justOrEmpty(fixed.get(teamId));
      }
    };
  }
}
