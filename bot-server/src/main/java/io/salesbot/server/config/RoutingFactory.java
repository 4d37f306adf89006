package io.salesbot.server.config;

import io.salesbot.core.routing.domain.Condition;
import io.salesbot.core.routing.domain.QuietHours;
import io.salesbot.core.routing.domain.ResponseSla;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.Strategy;
import io.salesbot.core.routing.domain.TeamPolicies;
import io.salesbot.core.routing.domain.TeamPolicy;
import io.salesbot.core.routing.domain.WorkingHours;
import io.salesbot.core.team.TeamDirectory;
import java.time.Duration;
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
 * any mistake. Rules can also come from a file that is re-read when it changes ({@link
 * RoutingRulesFile}).
 */
final class RoutingFactory {
  private RoutingFactory() {}

  static List<RoutingRule> rules(SalesbotProperties properties, TeamDirectory directory) {
    return rules(properties.routing().rules(), directory);
  }

  /** {@code configured} (salesbot.routing.rules, or a rules file's) as routing rules. */
  static List<RoutingRule> rules(
      List<SalesbotProperties.Rule> configured, TeamDirectory directory) {
    List<RoutingRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < configured.size(); i++) {
      SalesbotProperties.Rule r = configured.get(i);
      String p = "salesbot.routing.rules[" + i + "]";
      if (r.id() == null || r.id().isBlank() || !ids.add(r.id())) {
        throw new InvalidConfigurationException(p + ".id", "must be set and unique");
      }
      if (r.team() == null || directory.team(r.team()).isEmpty()) {
        throw new InvalidConfigurationException(
            p + ".team",
            "'" + r.team() + "' is not one of the configured teams " + teamIds(directory));
      }
      List<Condition> conditions = new ArrayList<>();
      add(conditions, p, "region", r.region());
      add(conditions, p, "industry", r.industry());
      add(conditions, p, "product", r.product());
      add(conditions, p, "source", r.source());
      add(conditions, p, "priority", r.priority());
      for (Map.Entry<String, SalesbotProperties.Match> a : r.attributes().entrySet()) {
        add(conditions, p, Condition.ATTRIBUTE_PREFIX + a.getKey(), a.getValue());
      }
      rules.add(new RoutingRule(r.id(), conditions, r.team()));
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
        (m.equals() != null ? 1 : 0) + (m.in().isEmpty() ? 0 : 1) + (m.prefix().isEmpty() ? 0 : 1);
    if (given != 1) {
      throw new InvalidConfigurationException(property, "give exactly one of equals, in, prefix");
    }
    try {
      if (m.equals() != null) {
        conditions.add(Condition.equalTo(field, m.equals()));
      } else if (!m.in().isEmpty()) {
        conditions.add(new Condition(field, Condition.Op.IN, m.in()));
      } else {
        conditions.add(new Condition(field, Condition.Op.PREFIX, m.prefix()));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(property, e.getMessage());
    }
  }

  static TeamPolicies policies(SalesbotProperties properties, TeamDirectory directory) {
    SalesbotProperties.Routing routing = properties.routing();
    Map<io.salesbot.core.kernel.domain.Address, Set<java.time.LocalDate>> leave = leave(properties);
    TeamPolicy base = withSla(TeamPolicy.DEFAULT, QuietHours.NIGHT, leave);
    TeamPolicy defaults = policy("salesbot.routing.defaults", base, routing.defaults());
    Map<String, TeamPolicy> byTeam = new LinkedHashMap<>();
    for (Map.Entry<String, SalesbotProperties.TeamRouting> e : routing.teams().entrySet()) {
      String p = "salesbot.routing.teams." + e.getKey();
      if (directory.team(e.getKey()).isEmpty()) {
        throw new InvalidConfigurationException(
            p, "'" + e.getKey() + "' is not one of the configured teams " + teamIds(directory));
      }
      byTeam.put(e.getKey(), policy(p, defaults, e.getValue()));
    }
    return new TeamPolicies(byTeam, defaults);
  }

  private static TeamPolicy withSla(
      TeamPolicy p,
      QuietHours quiet,
      Map<io.salesbot.core.kernel.domain.Address, Set<java.time.LocalDate>> leave) {
    return new TeamPolicy(
        p.strategy(),
        p.offerTimeout(),
        p.maxOpenLeads(),
        p.maxClaimsPerDay(),
        p.hours(),
        p.firstTouch(),
        p.reminderBefore(),
        p.firstTouchHot(),
        quiet,
        p.followUpWarnings(),
        p.followUpRecycle(),
        p.recycleAtBreach(),
        p.reclaimCooldown(),
        leave,
        p.response());
  }

  /** Every rep's leave dates, from {@code salesbot.teams.<id>.members[n].leave}. */
  private static Map<io.salesbot.core.kernel.domain.Address, Set<java.time.LocalDate>> leave(
      SalesbotProperties properties) {
    Map<io.salesbot.core.kernel.domain.Address, Set<java.time.LocalDate>> leave =
        new LinkedHashMap<>();
    for (Map.Entry<String, SalesbotProperties.Team> t : properties.teams().entrySet()) {
      List<SalesbotProperties.Member> members = t.getValue().members();
      for (int i = 0; i < members.size(); i++) {
        SalesbotProperties.Member m = members.get(i);
        if (m.leave().isEmpty()) {
          continue;
        }
        try {
          leave.put(io.salesbot.core.kernel.domain.Address.parse(m.id()), Set.copyOf(m.leave()));
        } catch (RuntimeException e) {
          throw new InvalidConfigurationException(
              "salesbot.teams." + t.getKey() + ".members[" + i + "].id", e.getMessage());
        }
      }
    }
    return leave;
  }

  private static TeamPolicy policy(String p, TeamPolicy base, SalesbotProperties.TeamRouting t) {
    Duration firstTouch = t.firstTouch() == null ? base.firstTouch() : t.firstTouch();
    Duration hot =
        t.firstTouchHot() != null
            ? t.firstTouchHot()
            : t.firstTouch() != null ? t.firstTouch() : base.firstTouchHot();
    Duration reminder = t.reminderBefore() == null ? base.reminderBefore() : t.reminderBefore();
    // Name the property of the most likely mistakes; the record checks the rest.
    if (hot.isNegative() || hot.isZero()) {
      throw new InvalidConfigurationException(p + ".first-touch-hot", "must be positive");
    }
    if (reminder.compareTo(hot) >= 0 && !reminder.isZero()) {
      throw new InvalidConfigurationException(
          p + ".reminder-before", "must be shorter than first-touch-hot (" + hot + ")");
    }
    List<Duration> warnings =
        t.followUpWarnings() == null ? base.followUpWarnings() : t.followUpWarnings();
    Duration recycle = t.followUpRecycle() == null ? base.followUpRecycle() : t.followUpRecycle();
    checkFollowUp(p, warnings, recycle);
    Duration cooldown = t.reclaimCooldown() == null ? base.reclaimCooldown() : t.reclaimCooldown();
    if (cooldown.isNegative()) {
      throw new InvalidConfigurationException(p + ".reclaim-cooldown", "must be 0 or more");
    }
    try {
      Strategy strategy = t.strategy() == null ? base.strategy() : Strategy.parse(t.strategy());
      return new TeamPolicy(
          strategy,
          t.offerTimeout() == null ? base.offerTimeout() : t.offerTimeout(),
          t.maxOpenLeads() == null ? base.maxOpenLeads() : t.maxOpenLeads(),
          t.maxClaimsPerDay() == null ? base.maxClaimsPerDay() : t.maxClaimsPerDay(),
          t.workingHours() == null ? base.hours() : hours(p + ".working-hours", t.workingHours()),
          firstTouch,
          reminder,
          hot,
          t.quietHours() == null ? base.quiet() : quiet(p + ".quiet-hours", t.quietHours()),
          warnings,
          recycle,
          t.recycleAtBreach() == null ? base.recycleAtBreach() : t.recycleAtBreach(),
          cooldown,
          base.leave(),
          response(p, base.response(), t));
    } catch (InvalidConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(p, e.getMessage());
    }
  }

  /** The response SLA (issue 13), naming the property of a mistake. */
  private static ResponseSla response(
      String p, ResponseSla base, SalesbotProperties.TeamRouting t) {
    Duration sla = t.responseSla() == null ? base.sla() : t.responseSla();
    Duration hot =
        t.responseSlaHot() != null
            ? t.responseSlaHot()
            : t.responseSla() != null ? t.responseSla() : base.slaHot();
    Duration reminder =
        t.responseReminderBefore() == null ? base.reminderBefore() : t.responseReminderBefore();
    if (sla.isNegative()) {
      throw new InvalidConfigurationException(p + ".response-sla", "must be 0 (off) or more");
    }
    if (sla.isZero()) {
      return ResponseSla.OFF;
    }
    if (hot.isNegative() || hot.isZero()) {
      throw new InvalidConfigurationException(
          p + ".response-sla-hot", "must be positive while response-sla is on");
    }
    if (reminder.isNegative()) {
      throw new InvalidConfigurationException(
          p + ".response-reminder-before", "must be 0 (no reminder) or more");
    }
    if (!reminder.isZero() && reminder.compareTo(hot) >= 0) {
      throw new InvalidConfigurationException(
          p + ".response-reminder-before", "must be shorter than response-sla-hot (" + hot + ")");
    }
    if (!reminder.isZero() && reminder.compareTo(sla) >= 0) {
      throw new InvalidConfigurationException(
          p + ".response-reminder-before", "must be shorter than response-sla (" + sla + ")");
    }
    return new ResponseSla(sla, hot, reminder);
  }

  private static void checkFollowUp(String p, List<Duration> warnings, Duration recycle) {
    if (recycle.isNegative()) {
      throw new InvalidConfigurationException(p + ".follow-up-recycle", "must be 0 or more");
    }
    Duration previous = Duration.ZERO;
    for (int i = 0; i < warnings.size(); i++) {
      Duration w = warnings.get(i);
      String property = p + ".follow-up-warnings[" + i + "]";
      if (w == null || w.compareTo(previous) <= 0) {
        throw new InvalidConfigurationException(property, "must be positive and ascending");
      }
      if (!recycle.isZero() && w.compareTo(recycle) >= 0) {
        throw new InvalidConfigurationException(
            property, "must be shorter than follow-up-recycle (" + recycle + ")");
      }
      previous = w;
    }
  }

  private static QuietHours quiet(String p, SalesbotProperties.Quiet q) {
    try {
      return new QuietHours(
          ZoneId.of(q.zone()),
          LocalTime.parse(q.start()),
          LocalTime.parse(q.end()),
          q.pauseClocks());
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(p, e.getMessage());
    }
  }

  private static WorkingHours hours(String p, SalesbotProperties.Hours h) {
    try {
      return new WorkingHours(
          ZoneId.of(h.zone()),
          h.days().isEmpty() ? Set.of() : EnumSet.copyOf(h.days()),
          LocalTime.parse(h.start()),
          LocalTime.parse(h.end()),
          new HashSet<>(h.holidays()));
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(p, e.getMessage());
    }
  }

  private static List<String> teamIds(TeamDirectory directory) {
    return directory.teams().stream().map(io.salesbot.core.team.domain.Team::id).toList();
  }
}
