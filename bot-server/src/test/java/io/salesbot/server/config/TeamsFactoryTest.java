package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.DirectorySource;
import io.salesbot.core.team.SyncedTeamDirectory;
import io.salesbot.core.team.SyncedTeamDirectory.RefreshReport;
import io.salesbot.core.team.domain.DirectoryRef;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TeamsFactoryTest {
  private static SalesbotProperties properties(
      String managerAddress, String memberAddress, String defaultTeam) {
    return bind(values(managerAddress, memberAddress, defaultTeam));
  }

  private static Map<String, String> values(
      String managerAddress, String memberAddress, String defaultTeam) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("teams.east.name", "华东");
    if (managerAddress != null) {
      p.put("teams.east.manager", managerAddress);
    }
    p.put("teams.east.members[0].id", memberAddress);
    p.put("teams.east.members[0].name", "张三");
    if (defaultTeam != null) {
      p.put("routing.default-team", defaultTeam);
    }
    return p;
  }

  private static SalesbotProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot", SalesbotProperties.class, values);
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
    assertThatThrownBy(() -> TeamsFactory.directory(bind(Map.of())))
        .hasMessageStartingWith("salesbot.teams:");
  }

  /** A WeCom directory in memory, or one that cannot be reached. */
  private static DirectorySource wecom(boolean reachable) {
    return new DirectorySource() {
      @Override
      public String platform() {
        return "wecom";
      }

      @Override
      public Mono<Department> department(String id) {
        if (!reachable) {
          return Mono.error(new IllegalStateException("wecom error io: connection refused"));
        }
        return Mono.just(
            new Department(
                id,
                "华东销售部",
                Optional.of(new Member(new Address("wecom", "Boss"), "赵六")),
                List.of(
                    new Member(new Address("wecom", "Boss"), "赵六"),
                    new Member(new Address("wecom", "ZhangSan"), "张三"),
                    new Member(new Address("wecom", "LiSi"), "李四"))));
      }
    };
  }

  private static SalesbotProperties directoryTeam(String directory, String manager) {
    Map<String, String> p = values(manager, "wecom:ZhangSan", null);
    if (directory != null) {
      p.put("teams.east.directory", directory);
    }
    p.put("teams.east.members[0].weight", "3");
    return bind(p);
  }

  @Test
  void a_team_with_a_directory_gets_its_reps_and_manager_from_it_before_serving() {
    SyncedTeamDirectory d =
        TeamsFactory.directory(directoryTeam("wecom:2", null), List.of(wecom(true)));
    try {
      RefreshReport report = TeamsFactory.start(d, Duration.ofMinutes(10), Duration.ofSeconds(10));

      assertThat(report.ok()).isTrue();
      Team east = d.team("east").orElseThrow();
      assertThat(east.manager()).isEqualTo(new Address("wecom", "Boss"));
      assertThat(east.members())
          .containsExactly(
              new Member(new Address("wecom", "ZhangSan"), "张三", java.util.Set.of(), 3),
              new Member(new Address("wecom", "LiSi"), "李四"));
    } finally {
      d.close();
    }
  }

  @Test
  void an_unreachable_directory_at_start_up_serves_the_configured_reps_without_failing() {
    SyncedTeamDirectory d =
        TeamsFactory.directory(directoryTeam("wecom:2", "sandbox:boss"), List.of(wecom(false)));
    try {
      RefreshReport report = TeamsFactory.start(d, Duration.ofMinutes(10), Duration.ofSeconds(10));

      assertThat(report.failed()).containsKey(DirectoryRef.parse("wecom:2"));
      assertThat(d.team("east").orElseThrow().members())
          .extracting(Member::id)
          .containsExactly(new Address("wecom", "ZhangSan"));
    } finally {
      d.close();
    }
  }

  @Test
  void names_the_property_of_each_directory_mistake() {
    assertThatThrownBy(() -> TeamsFactory.directory(directoryTeam("wecom:2", null)))
        .hasMessageStartingWith("salesbot.teams.east.directory:")
        .hasMessageContaining("salesbot.wecom.enabled=true");
    assertThatThrownBy(
            () -> TeamsFactory.directory(directoryTeam("wecom:", null), List.of(wecom(true))))
        .hasMessageStartingWith("salesbot.teams.east.directory:")
        .hasMessageContaining("wecom:2");
    assertThatThrownBy(
            () -> TeamsFactory.directory(directoryTeam("wecom:east", null), List.of(wecom(true))))
        .hasMessageStartingWith("salesbot.teams.east.directory:")
        .hasMessageContaining("is a number");
    assertThatThrownBy(
            () -> TeamsFactory.directory(directoryTeam("feishu:2", null), List.of(wecom(true))))
        .hasMessageStartingWith("salesbot.teams.east.directory:")
        .hasMessageContaining("[dingtalk, wecom]");
    assertThatThrownBy(() -> TeamsFactory.directory(directoryTeam(null, null)))
        .hasMessageStartingWith("salesbot.teams.east.manager:");
    assertThatThrownBy(
            () ->
                TeamsFactory.start(
                    TeamsFactory.directory(properties("sandbox:boss", "sandbox:zhangsan", null)),
                    Duration.ZERO,
                    Duration.ofSeconds(1)))
        .hasMessageStartingWith("salesbot.directory.refresh-interval:");
  }

  @Test
  void derives_the_jdbc_url_for_flyway() {
    assertThat(SchemaMigration.jdbcUrl("r2dbc:postgresql://u:p@db:5432/salesbot?sslmode=require"))
        .isEqualTo("jdbc:postgresql://db:5432/salesbot");
    assertThatThrownBy(() -> SchemaMigration.jdbcUrl("mysql://x"))
        .hasMessageStartingWith("spring.r2dbc.url:");
  }
}
