package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.LISI;
import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static io.salesbot.core.testing.contract.ContractFixtures.WANGWU;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.TeamChannels;
import io.salesbot.core.team.domain.TeamChannel;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link TeamChannels} that {@code /bind-team}, {@code /unbind-team} and offers
 * rely on.
 */
public abstract class TeamChannelsContract {
  private static final Address EAST_GROUP = Address.group("sandbox", "g-east");
  private static final Address WEST_GROUP = Address.group("sandbox", "g-west");

  /** An empty store; called once per test. */
  protected abstract TeamChannels teamChannels();

  private TeamChannels channels;

  private synchronized TeamChannels store() {
    if (channels == null) {
      channels = teamChannels();
    }
    return channels;
  }

  private static TeamChannel binding(String teamId, Address group, long atSeconds) {
    return new TeamChannel(teamId, group, LISI, T0.plusSeconds(atSeconds));
  }

  @Test
  public void a_binding_is_found_by_its_team_and_nothing_for_other_teams() {
    TeamChannel east = binding("east", EAST_GROUP, 0);
    store().bind(east).block();

    assertThat(store().find("east").block()).isEqualTo(east);
    assertThat(store().find("west").block()).isNull();
  }

  @Test
  public void binding_again_moves_the_team_to_its_new_group() {
    store().bind(binding("east", EAST_GROUP, 0)).block();
    TeamChannel moved = new TeamChannel("east", WEST_GROUP, WANGWU, T0.plusSeconds(60));
    store().bind(moved).block();

    assertThat(store().find("east").block()).isEqualTo(moved);
    assertThat(store().boundTo(EAST_GROUP).collectList().block()).isEmpty();
    assertThat(store().boundTo(WEST_GROUP).collectList().block()).containsExactly(moved);
  }

  @Test
  public void bound_to_lists_the_teams_of_one_group_in_team_order() {
    TeamChannel west = binding("west", EAST_GROUP, 0);
    TeamChannel east = binding("east", EAST_GROUP, 1);
    TeamChannel north = binding("north", EAST_GROUP, 2);
    TeamChannel elsewhere = binding("south", WEST_GROUP, 3);
    for (TeamChannel c : new TeamChannel[] {west, east, north, elsewhere}) {
      store().bind(c).block();
    }

    assertThat(store().boundTo(EAST_GROUP).collectList().block())
        .containsExactly(east, north, west);
    assertThat(store().boundTo(Address.group("sandbox", "g-none")).collectList().block()).isEmpty();
  }

  @Test
  public void unbind_says_whether_there_was_a_binding() {
    store().bind(binding("east", EAST_GROUP, 0)).block();

    assertThat(store().unbind("east").block()).isTrue();
    assertThat(store().find("east").block()).isNull();
    assertThat(store().unbind("east").block()).isFalse();
    assertThat(store().unbind("never-bound").block()).isFalse();
  }

  @Test
  public void nothing_changes_until_subscribed() {
    TeamChannel east = binding("east", EAST_GROUP, 0);
    store().bind(east).block();
    store().bind(binding("west", WEST_GROUP, 1));
    store().unbind("east");

    assertThat(store().find("east").block()).isEqualTo(east);
    assertThat(store().find("west").block()).isNull();
  }

  @Test
  public void a_read_sees_the_store_when_subscribed_not_when_made() {
    var find = store().find("east");
    var bound = store().boundTo(EAST_GROUP).collectList();
    TeamChannel east = binding("east", EAST_GROUP, 0);
    store().bind(east).block();

    assertThat(find.block()).isEqualTo(east);
    assertThat(bound.block()).containsExactly(east);
  }
}
