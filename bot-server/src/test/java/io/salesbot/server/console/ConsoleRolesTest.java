package io.salesbot.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.testing.TestTeams;
import io.salesbot.server.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who gets which role, and the checks of salesbot.console.* at start-up. */
class ConsoleRolesTest {
  private final ConsoleRoles roles =
      new ConsoleRoles(TestTeams.directory(), Set.of(Address.parse("wecom:boss")));

  @Test
  void a_teams_manager_is_a_manager_of_that_team_and_a_member_is_a_rep() {
    assertThat(roles.of(TestTeams.EAST_MANAGER))
        .contains(new ConsoleRoles.Access("manager", List.of("east")));
    assertThat(roles.of(TestTeams.CHENQI))
        .contains(new ConsoleRoles.Access("rep", List.of("south")));
  }

  @Test
  void a_listed_admin_is_an_admin_even_in_no_team_and_a_stranger_is_nobody() {
    assertThat(roles.of(Address.parse("wecom:boss")))
        .contains(new ConsoleRoles.Access("admin", List.of()));
    assertThat(roles.of(Address.parse("wecom:zhangsan"))).isEmpty();
    assertThat(roles.of(Address.parse("dingtalk:zhaoliu"))).isEmpty();
  }

  @Test
  void sign_in_needs_its_platform_on_and_a_public_base_url() {
    ConsoleProperties wecom =
        new ConsoleProperties(List.of("wecom"), null, List.of(), Duration.ofHours(12));
    assertThatThrownBy(() -> wecom.checkedSignIn(Set.of("dingtalk")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("salesbot.console.sign-in")
        .hasMessageContaining("salesbot.wecom.enabled");
    assertThat(wecom.checkedSignIn(Set.of("wecom"))).containsExactly("wecom");
    assertThatThrownBy(() -> wecom.checkedBaseUrl(true))
        .hasMessageContaining("salesbot.console.public-base-url");
    assertThat(wecom.checkedBaseUrl(false)).isNull();
    assertThat(
            new ConsoleProperties(
                    List.of("wecom"), "https://sb.example.com/", List.of(), Duration.ofHours(1))
                .checkedBaseUrl(true))
        .isEqualTo("https://sb.example.com");
    assertThatThrownBy(
            () ->
                new ConsoleProperties(List.of("qq"), null, List.of(), Duration.ofHours(1))
                    .checkedSignIn(Set.of("wecom")))
        .hasMessageContaining("salesbot.console.sign-in");
  }

  @Test
  void admins_and_the_session_lifetime_are_checked() {
    assertThatThrownBy(
            () ->
                new ConsoleProperties(
                        List.of(), null, List.of("wecom:ok", "zhangsan"), Duration.ofHours(1))
                    .checkedAdmins())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("salesbot.console.admins[1]");
    assertThatThrownBy(
            () ->
                new ConsoleProperties(List.of(), null, List.of(), Duration.ofSeconds(5))
                    .checkedSessionLifetime())
        .hasMessageContaining("salesbot.console.session-lifetime");
  }
}
