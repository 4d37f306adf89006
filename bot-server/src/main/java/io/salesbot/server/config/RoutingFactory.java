package io.salesbot.server.config;

import io.salesbot.core.routing.domain.Condition;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.team.TeamDirectory;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the routing rules and team policies from {@code salesbot.routing}, naming the property of
 * any mistake. (Loaded at start-up; a hot-reloaded rules file is planned.)
 */
final class RoutingFactory {
  private RoutingFactory() {}

  static List<RoutingRule> rules(SalesbotProperties properties, TeamDirectory directory) {
    List<RoutingRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<SalesbotProperties.Rule> configured = properties.getRouting().getRules();
    for (int i = 0; i < configured.size(); i++) {
      SalesbotProperties.Rule r = configured.get(i);
      String p = "salesbot.routing.rules[" + i + "]";
      if (r.getId() == null || r.getId().isBlank() || !ids.add(r.getId())) {
        throw new InvalidConfigurationException(p + ".id", "must be set and unique");
      }
      if (r.getTeam() == null || directory.team(r.getTeam()).isEmpty()) {
        throw new InvalidConfigurationException(
            p + ".team",
            "'" + r.getTeam() + "' is not one of the configured teams " + teamIds(directory));
      }
      List<Condition> conditions = new ArrayList<>();
      add(conditions, p, "region", r.getRegion());
      add(conditions, p, "industry", r.getIndustry());
      add(conditions, p, "product", r.getProduct());
      add(conditions, p, "source", r.getSource());
      add(conditions, p, "priority", r.getPriority());
      for (Map.Entry<String, SalesbotProperties.Match> a : r.getAttributes().entrySet()) {
        add(conditions, p, Condition.ATTRIBUTE_PREFIX + a.getKey(), a.getValue());
      }
      rules.add(new RoutingRule(r.getId(), conditions, r.getTeam()));
    }
    return rules;
  }

  private static void add(
      List<Condition> conditions, String p, String field, SalesbotProperties.@Nullable Match m) {
    if (m == null) {
      return;
    }
    String property = p + "." + field;
    int given =
        (m.getEquals() != null ? 1 : 0)
            + (m.getIn().isEmpty() ? 0 : 1)
            + (m.getPrefix().isEmpty() ? 0 : 1);
    if (given != 1) {
      throw new InvalidConfigurationException(property, "give exactly one of equals, in, prefix");
    }
    try {
      if (m.getEquals() != null) {
        conditions.add(Condition.equalTo(field, m.getEquals()));
      } else if (!m.getIn().isEmpty()) {
        conditions.add(new Condition(field, Condition.Op.IN, m.getIn()));
      } else {
        conditions.add(new Condition(field, Condition.Op.PREFIX, m.getPrefix()));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(property, e.getMessage());
    }
  }

  static TeamPolicies policies(SalesbotProperties properties, TeamDirectory directory) {
    SalesbotProperties.Routing routing = properties.getRouting();
    TeamPolicy defaults =
        policy("salesbot.routing.defaults", TeamPolicy.DEFAULT, routing.getDefaults());
    Map<String, TeamPolicy> byTeam = new LinkedHashMap<>();
    for (Map.Entry<String, SalesbotProperties.TeamRouting> e : routing.getTeams().entrySet()) {
      String p = "salesbot.routing.teams." + e.getKey();
      if (directory.team(e.getKey()).isEmpty()) {
        throw new InvalidConfigurationException(
            p, "'" + e.getKey() + "' is not one of the configured teams " + teamIds(directory));
      }
      byTeam.put(e.getKey(), policy(p, defaults, e.getValue()));
    }
    return new TeamPolicies(byTeam, defaults);
  }

  private static TeamPolicy policy(String p, TeamPolicy base, SalesbotProperties.TeamRouting t) {
    try {
      Strategy strategy =
          t.getStrategy() == null ? base.strategy() : Strategy.parse(t.getStrategy());
      return new TeamPolicy(
          strategy,
          t.getOfferTimeout() == null ? base.offerTimeout() : t.getOfferTimeout(),
          t.getMaxOpenLeads() == null ? base.maxOpenLeads() : t.getMaxOpenLeads(),
          t.getMaxClaimsPerDay() == null ? base.maxClaimsPerDay() : t.getMaxClaimsPerDay(),
          t.getWorkingHours() == null
              ? base.hours()
              : hours(p + ".working-hours", t.getWorkingHours()),
          t.getFirstTouch() == null ? base.firstTouch() : t.getFirstTouch(),
          t.getReminderBefore() == null ? base.reminderBefore() : t.getReminderBefore());
    } catch (InvalidConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(p, e.getMessage());
    }
  }

  private static WorkingHours hours(String p, SalesbotProperties.Hours h) {
    try {
      return new WorkingHours(
          ZoneId.of(h.getZone()),
          h.getDays().isEmpty() ? Set.of() : EnumSet.copyOf(h.getDays()),
          LocalTime.parse(h.getStart()),
          LocalTime.parse(h.getEnd()),
          new HashSet<>(h.getHolidays()));
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(p, e.getMessage());
    }
  }

  private static List<String> teamIds(TeamDirectory directory) {
    return directory.teams().stream().map(io.salesbot.core.team.domain.Team::id).toList();
  }
}
