package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.team.TeamDirectory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingFactoryTest {
  private static SalesbotProperties properties() {
    SalesbotProperties p = new SalesbotProperties();
    SalesbotProperties.Team team = new SalesbotProperties.Team();
    team.setName("华东");
    team.setManager("sandbox:boss");
    SalesbotProperties.Member m = new SalesbotProperties.Member();
    m.setId("sandbox:zhangsan");
    m.setName("张三");
    team.setMembers(List.of(m));
    p.getTeams().put("east", team);
    return p;
  }

  private static SalesbotProperties.Rule rule(String id, String team) {
    SalesbotProperties.Rule r = new SalesbotProperties.Rule();
    r.setId(id);
    r.setTeam(team);
    SalesbotProperties.Match region = new SalesbotProperties.Match();
    region.setIn(List.of("华东", "上海"));
    r.setRegion(region);
    return r;
  }

  @Test
  void builds_rules_and_policies_with_inherited_defaults() {
    SalesbotProperties p = properties();
    p.getRouting().getRules().add(rule("R1", "east"));
    p.getRouting().getDefaults().setFirstTouch(Duration.ofMinutes(10));
    SalesbotProperties.TeamRouting east = new SalesbotProperties.TeamRouting();
    east.setStrategy("round-robin");
    east.setMaxOpenLeads(20);
    p.getRouting().getTeams().put("east", east);
    TeamDirectory directory = TeamsFactory.directory(p);

    List<RoutingRule> rules = RoutingFactory.rules(p, directory);
    assertThat(rules).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("R1"));
    TeamPolicies policies = RoutingFactory.policies(p, directory);
    assertThat(policies.of("east").strategy()).isEqualTo(Strategy.ROUND_ROBIN);
    assertThat(policies.of("east").maxOpenLeads()).isEqualTo(20);
    assertThat(policies.of("east").firstTouch()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policies.of("other").strategy()).isEqualTo(Strategy.GRAB);
  }

  @Test
  void names_the_property_of_each_mistake() {
    SalesbotProperties p = properties();
    p.getRouting().getRules().add(rule("R1", "west"));
    TeamDirectory directory = TeamsFactory.directory(p);
    assertThatThrownBy(() -> RoutingFactory.rules(p, directory))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.routing.rules[0].team:");

    SalesbotProperties q = properties();
    SalesbotProperties.Rule both = rule("R1", "east");
    both.getRegion().setEquals("华东");
    q.getRouting().getRules().add(both);
    assertThatThrownBy(() -> RoutingFactory.rules(q, directory))
        .hasMessageStartingWith("salesbot.routing.rules[0].region:");

    SalesbotProperties s = properties();
    SalesbotProperties.TeamRouting bad = new SalesbotProperties.TeamRouting();
    bad.setStrategy("lottery");
    s.getRouting().getTeams().put("east", bad);
    assertThatThrownBy(() -> RoutingFactory.policies(s, directory))
        .hasMessageStartingWith("salesbot.routing.teams.east:")
        .hasMessageContaining("round-robin");
  }

  @Test
  void sla_settings_default_and_name_the_property_of_each_mistake() {
    SalesbotProperties p = properties();
    p.getTeams()
        .get("east")
        .getMembers()
        .get(0)
        .setLeave(List.of(java.time.LocalDate.of(2026, 12, 1)));
    TeamDirectory directory = TeamsFactory.directory(p);
    io.salesbot.core.routing.domain.TeamPolicy east =
        RoutingFactory.policies(p, directory).of("east");
    assertThat(east.quiet()).isEqualTo(io.salesbot.core.routing.domain.QuietHours.NIGHT);
    assertThat(east.followUpWarnings()).containsExactly(Duration.ofDays(3), Duration.ofDays(5));
    assertThat(east.followUpRecycle()).isEqualTo(Duration.ofDays(7));
    assertThat(east.reclaimCooldown()).isEqualTo(Duration.ofHours(24));
    assertThat(east.recycleAtBreach()).isFalse();
    assertThat(east.firstTouchHot()).isEqualTo(Duration.ofMinutes(15));
    assertThat(
            east.onLeave(
                io.salesbot.core.kernel.domain.Address.parse("sandbox:zhangsan"),
                java.time.Instant.parse("2026-12-01T03:00:00Z")))
        .isTrue();

    SalesbotProperties q = properties();
    SalesbotProperties.TeamRouting t = new SalesbotProperties.TeamRouting();
    t.setFollowUpWarnings(List.of(Duration.ofDays(5), Duration.ofDays(3)));
    q.getRouting().getTeams().put("east", t);
    assertThatThrownBy(() -> RoutingFactory.policies(q, directory))
        .hasMessageStartingWith("salesbot.routing.teams.east.follow-up-warnings[1]:");

    SalesbotProperties r = properties();
    r.getRouting().getDefaults().setFollowUpWarnings(List.of(Duration.ofDays(8)));
    assertThatThrownBy(() -> RoutingFactory.policies(r, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.follow-up-warnings[0]:")
        .hasMessageContaining("follow-up-recycle");

    SalesbotProperties h = properties();
    h.getRouting().getDefaults().setFirstTouchHot(Duration.ofMinutes(5));
    assertThatThrownBy(() -> RoutingFactory.policies(h, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.reminder-before:");

    SalesbotProperties z = properties();
    SalesbotProperties.Quiet quiet = new SalesbotProperties.Quiet();
    quiet.setZone("Mars/Olympus");
    z.getRouting().getDefaults().setQuietHours(quiet);
    assertThatThrownBy(() -> RoutingFactory.policies(z, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.quiet-hours:");
  }
}
