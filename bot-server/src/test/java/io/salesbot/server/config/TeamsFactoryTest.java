package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TeamsFactoryTest {
  private static SalesbotProperties properties(
      String managerAddress, String memberAddress, String defaultTeam) {
    SalesbotProperties p = new SalesbotProperties();
    SalesbotProperties.Team team = new SalesbotProperties.Team();
    team.setName("华东");
    team.setManager(managerAddress);
    SalesbotProperties.Member m = new SalesbotProperties.Member();
    m.setId(memberAddress);
    m.setName("张三");
    team.setMembers(List.of(m));
    p.getTeams().put("east", team);
    p.getRouting().setDefaultTeam(defaultTeam);
    return p;
  }

  @Test
  void builds_the_directory_and_defaults_to_the_first_team() {
    assertThat(
            TeamsFactory.directory(properties("sandbox:boss", "sandbox:zhangsan", null))
                .defaultTeam()
                .id())
        .isEqualTo("east");
  }

  @Test
  void names_the_property_of_a_malformed_address() {
    assertThatThrownBy(() -> TeamsFactory.directory(properties("sandbox:boss", "zhangsan", null)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.teams.east.members[0].id:")
        .hasMessageContaining("<platform>:<userId>");
  }

  @Test
  void names_the_property_of_an_unknown_default_team() {
    assertThatThrownBy(
            () -> TeamsFactory.directory(properties("sandbox:boss", "sandbox:zhangsan", "west")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.routing.default-team:");
  }

  @Test
  void no_team_at_all_is_an_error() {
    assertThatThrownBy(() -> TeamsFactory.directory(new SalesbotProperties()))
        .hasMessageStartingWith("salesbot.teams:");
  }

  @Test
  void derives_the_jdbc_url_for_flyway() {
    assertThat(SchemaMigration.jdbcUrl("r2dbc:postgresql://u:p@db:5432/salesbot?sslmode=require"))
        .isEqualTo("jdbc:postgresql://db:5432/salesbot");
    assertThatThrownBy(() -> SchemaMigration.jdbcUrl("mysql://x"))
        .hasMessageStartingWith("spring.r2dbc.url:");
  }
}
