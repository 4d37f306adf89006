package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.team.TeamDirectory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingFactoryTest {
  private static Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("teams.east.name", "华东");
    p.put("teams.east.manager", "sandbox:boss");
    p.put("teams.east.members[0].id", "sandbox:zhangsan");
    p.put("teams.east.members[0].name", "张三");
    return p;
  }

  private static Map<String, String> rule(Map<String, String> p, String id, String team) {
    p.put("routing.rules[0].id", id);
    p.put("routing.rules[0].team", team);
    p.put("routing.rules[0].region.in", "华东,上海");
    return p;
  }

  private static SalesbotProperties bind(Map<String, String> values) {
    return BoundProperties.bind("salesbot", SalesbotProperties.class, values);
  }

  @Test
  void builds_rules_and_policies_with_inherited_defaults() {
    Map<String, String> values = rule(properties(), "R1", "east");
    values.put("routing.defaults.first-touch", "10m");
    values.put("routing.teams.east.strategy", "round-robin");
    values.put("routing.teams.east.max-open-leads", "20");
    SalesbotProperties p = bind(values);
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
    SalesbotProperties p = bind(rule(properties(), "R1", "west"));
    TeamDirectory directory = TeamsFactory.directory(p);
    assertThatThrownBy(() -> RoutingFactory.rules(p, directory))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.routing.rules[0].team:");

    Map<String, String> both = rule(properties(), "R1", "east");
    both.put("routing.rules[0].region.equals", "华东");
    SalesbotProperties q = bind(both);
    assertThatThrownBy(() -> RoutingFactory.rules(q, directory))
        .hasMessageStartingWith("salesbot.routing.rules[0].region:");

    Map<String, String> bad = properties();
    bad.put("routing.teams.east.strategy", "lottery");
    SalesbotProperties s = bind(bad);
    assertThatThrownBy(() -> RoutingFactory.policies(s, directory))
        .hasMessageStartingWith("salesbot.routing.teams.east:")
        .hasMessageContaining("round-robin");
  }

  @Test
  void sla_settings_default_and_name_the_property_of_each_mistake() {
    Map<String, String> leave = properties();
    leave.put("teams.east.members[0].leave", "2026-12-01");
    SalesbotProperties p = bind(leave);
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

    Map<String, String> t = properties();
    t.put("routing.teams.east.follow-up-warnings", "5d,3d");
    SalesbotProperties q = bind(t);
    assertThatThrownBy(() -> RoutingFactory.policies(q, directory))
        .hasMessageStartingWith("salesbot.routing.teams.east.follow-up-warnings[1]:");

    Map<String, String> eight = properties();
    eight.put("routing.defaults.follow-up-warnings", "8d");
    SalesbotProperties r = bind(eight);
    assertThatThrownBy(() -> RoutingFactory.policies(r, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.follow-up-warnings[0]:")
        .hasMessageContaining("follow-up-recycle");

    Map<String, String> hot = properties();
    hot.put("routing.defaults.first-touch-hot", "5m");
    SalesbotProperties h = bind(hot);
    assertThatThrownBy(() -> RoutingFactory.policies(h, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.reminder-before:");

    Map<String, String> quiet = properties();
    quiet.put("routing.defaults.quiet-hours.zone", "Mars/Olympus");
    SalesbotProperties z = bind(quiet);
    assertThatThrownBy(() -> RoutingFactory.policies(z, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.quiet-hours:");
  }

  @Test
  void response_sla_defaults_inherits_and_names_the_property_of_each_mistake() {
    SalesbotProperties p = bind(properties());
    TeamDirectory directory = TeamsFactory.directory(p);
    assertThat(RoutingFactory.policies(p, directory).of("east").response())
        .isEqualTo(io.salesbot.core.routing.domain.ResponseSla.DEFAULT);

    Map<String, String> set = properties();
    set.put("routing.defaults.response-sla", "30m");
    set.put("routing.teams.east.response-sla-hot", "10m");
    set.put("routing.teams.east.response-reminder-before", "2m");
    TeamPolicies policies = RoutingFactory.policies(bind(set), directory);
    assertThat(policies.of("east").response())
        .isEqualTo(
            new io.salesbot.core.routing.domain.ResponseSla(
                Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(2)));
    assertThat(policies.of("other").response().slaHot()).isEqualTo(Duration.ofMinutes(30));

    Map<String, String> off = properties();
    off.put("routing.teams.east.response-sla", "0s");
    assertThat(RoutingFactory.policies(bind(off), directory).of("east").response().off()).isTrue();

    Map<String, String> late = properties();
    late.put("routing.teams.east.response-reminder-before", "15m");
    SalesbotProperties q = bind(late);
    assertThatThrownBy(() -> RoutingFactory.policies(q, directory))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("salesbot.routing.teams.east.response-reminder-before:");

    Map<String, String> negative = properties();
    negative.put("routing.defaults.response-sla", "-1m");
    SalesbotProperties r = bind(negative);
    assertThatThrownBy(() -> RoutingFactory.policies(r, directory))
        .hasMessageStartingWith("salesbot.routing.defaults.response-sla:");
  }
}
