package io.salesbot.server.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.server.config.BoundProperties;
import io.salesbot.server.config.InvalidConfigurationException;
import io.salesbot.server.config.SalesbotProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group robot properties: checked at start-up, each problem naming its property. */
class GroupRobotWiringTest {
  static final String KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";

  private static SalesbotProperties teams(String announceRobot) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("teams.east.name", "华东");
    p.put("teams.east.manager", "sandbox:boss");
    p.put("teams.south.name", "华南");
    p.put("teams.south.manager", "sandbox:boss");
    if (announceRobot != null) {
      p.put("teams.east.announce-robot", announceRobot);
    }
    return BoundProperties.bind("salesbot", SalesbotProperties.class, p);
  }

  private static WecomProperties robots(Map<String, String> keys) {
    Map<String, String> p = new LinkedHashMap<>();
    keys.forEach((name, key) -> p.put("group-robots." + name + ".key", key));
    return BoundProperties.bind("salesbot.wecom", WecomProperties.class, p);
  }

  @Test
  void a_team_with_an_announce_robot_announces_to_that_robots_address() {
    assertThat(GroupRobotWiring.announcers(teams("east-sales"), robots(Map.of("east-sales", KEY))))
        .containsExactly(Map.entry("east", new Address("wecom-robot", "east-sales")));
    assertThat(GroupRobotWiring.announcers(teams(null), robots(Map.of()))).isEmpty();
  }

  @Test
  void an_announce_robot_that_is_not_configured_names_the_teams_property() {
    assertThatThrownBy(
            () -> GroupRobotWiring.announcers(teams("west"), robots(Map.of("east-sales", KEY))))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.teams.east.announce-robot"))
        .hasMessageContaining("[east-sales]");
    assertThatThrownBy(() -> GroupRobotWiring.announcers(teams("west"), robots(Map.of())))
        .hasMessageContaining("none is configured");
  }

  @Test
  void a_malformed_key_names_the_robots_key_property_and_never_shows_the_key() {
    assertThatThrownBy(() -> robots(Map.of("east", "not a key")).robotSettings())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.property()).isEqualTo("salesbot.wecom.group-robots.east.key"))
        .hasMessageNotContaining("not a key");
    assertThatThrownBy(
            () ->
                robots(
                        Map.of(
                            "east", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + KEY))
                    .robotSettings())
        .hasMessageContaining("only the key");
    assertThat(robots(Map.of("east", KEY)).toString()).doesNotContain(KEY);
  }
}
