package io.salesbot.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class PostgresTeamChannelsTest extends DatabaseTest {
  private final TeamChannels channels = adapter.teamChannels();
  private final Address manager = new Address("dingtalk", "manager4711");
  private final Address group = Address.group("dingtalk", "cidXo7tJ2a1bQ2t8Gm7wW5vWg==");
  private final Address other = Address.group("dingtalk", "cidOther==");
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @Test
  void a_binding_is_stored_and_binding_again_moves_it() {
    assertThat(channels.find("east").block()).isNull();
    channels.bind(new TeamChannel("east", group, manager, now)).block();
    channels.bind(new TeamChannel("south", group, manager, now)).block();

    assertThat(channels.find("east").block())
        .isEqualTo(new TeamChannel("east", group, manager, now));
    assertThat(channels.boundTo(group).map(TeamChannel::teamId).collectList().block())
        .containsExactly("east", "south");

    channels.bind(new TeamChannel("east", other, manager, now.plusSeconds(5))).block();
    assertThat(channels.find("east").block().channel()).isEqualTo(other);
    assertThat(channels.find("east").block().boundAt()).isEqualTo(now.plusSeconds(5));
    assertThat(channels.boundTo(group).map(TeamChannel::teamId).collectList().block())
        .containsExactly("south");
  }

  @Test
  void unbind_says_whether_there_was_a_binding() {
    channels.bind(new TeamChannel("east", group, manager, now)).block();
    assertThat(channels.unbind("east").block()).isTrue();
    assertThat(channels.unbind("east").block()).isFalse();
    assertThat(channels.find("east").block()).isNull();
    assertThat(channels.boundTo(group).collectList().block()).isEmpty();
  }

  @Test
  void a_second_adapter_sees_the_binding_of_the_first() {
    channels.bind(new TeamChannel("east", group, manager, now)).block();
    TeamChannels elsewhere = new PostgresAdapter(database.connectionFactory()).teamChannels();
    assertThat(elsewhere.find("east").block().channel()).isEqualTo(group);
  }
}
