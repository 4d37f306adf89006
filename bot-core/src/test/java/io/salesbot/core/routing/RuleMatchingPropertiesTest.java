package io.salesbot.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.routing.domain.Condition;
import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.routing.domain.RoutingRules;
import io.salesbot.core.routing.domain.RuleMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Property: {@link RoutingRules#decide} picks the same team and rule as a brute-force oracle that
 * evaluates every rule against every field independently, over small alphabets so that matches,
 * near misses (case, spaces, prefixes) and missing fields are all common.
 */
class RuleMatchingPropertiesTest {
  private static final List<String> FIELDS =
      List.of("region", "industry", "product", "source", "priority", "attributes.tier");
  private static final List<String> WORDS =
      List.of(
          "华东", "华东区", "华南", "制造", "CRM", "crm", " Crm ", "web", "form", "HOT", "normal", "gold",
          "go");

  @Provide
  Arbitrary<@Nullable String> value() {
    return Arbitraries.of(WORDS).injectNull(0.2);
  }

  @Provide
  Arbitrary<LeadSubmission> lead() {
    Arbitrary<@Nullable String> v = value();
    return Combinators.combine(
            v, v, v, Arbitraries.of("web", "form", "WEB"), v, Arbitraries.of(Priority.class))
        .as(
            (region, industry, product, source, tier, priority) -> {
              Map<String, String> attrs = new HashMap<>();
              if (tier != null) {
                attrs.put("tier", tier);
              }
              return new LeadSubmission(
                  "i", source, "张三", null, null, region, industry, product, null, null, null, attrs,
                  priority);
            });
  }

  @Provide
  Arbitrary<Condition> condition() {
    return Combinators.combine(
            Arbitraries.of(FIELDS),
            Arbitraries.of(Condition.Op.class),
            Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(3))
        .as(
            (field, op, values) ->
                new Condition(
                    field, op, op == Condition.Op.EQUALS ? values.subList(0, 1) : values));
  }

  @Provide
  Arbitrary<List<RoutingRule>> rules() {
    Arbitrary<List<Condition>> conditions = condition().list().ofMaxSize(3);
    return Combinators.combine(conditions, Arbitraries.of("A", "B", "C"))
        .as((cs, team) -> new Object[] {cs, team})
        .list()
        .ofMaxSize(12)
        .map(
            raw -> {
              List<RoutingRule> out = new ArrayList<>();
              for (int i = 0; i < raw.size(); i++) {
                @SuppressWarnings("unchecked")
                List<Condition> cs = (List<Condition>) raw.get(i)[0];
                out.add(new RoutingRule("R" + i, cs, (String) raw.get(i)[1]));
              }
              return out;
            });
  }

  @Property(tries = 3000)
  void decide_equals_the_brute_force_oracle(
      @ForAll("rules") List<RoutingRule> rules, @ForAll("lead") LeadSubmission lead) {
    RuleMatch match = new RoutingRules(rules, "DEFAULT").decide(lead);
    RoutingRule expected = null;
    for (RoutingRule r : rules) {
      if (oracleMatches(r, lead)) {
        expected = r;
        break;
      }
    }
    if (expected == null) {
      assertThat(match.ruleId()).isNull();
      assertThat(match.teamId()).isEqualTo("DEFAULT");
    } else {
      assertThat(match.ruleId()).isEqualTo(expected.id());
      assertThat(match.teamId()).isEqualTo(expected.teamId());
    }
  }

  private static boolean oracleMatches(RoutingRule rule, LeadSubmission lead) {
    for (Condition c : rule.conditions()) {
      String raw = oracleValue(lead, c.field());
      if (raw == null) {
        return false;
      }
      String actual = raw.trim().toLowerCase(Locale.ROOT);
      boolean any = false;
      for (String v : c.values()) {
        String want = v.trim().toLowerCase(Locale.ROOT);
        boolean hit =
            c.op() == Condition.Op.PREFIX
                ? actual.length() >= want.length()
                    && actual.substring(0, want.length()).equals(want)
                : actual.equals(want);
        any |= hit;
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String oracleValue(LeadSubmission lead, String field) {
    if (field.equals("region")) {
      return lead.region();
    } else if (field.equals("industry")) {
      return lead.industry();
    } else if (field.equals("product")) {
      return lead.product();
    } else if (field.equals("source")) {
      return lead.sourceId();
    } else if (field.equals("priority")) {
      return lead.priority().name();
    }
    return lead.attributes().get(field.substring("attributes.".length()));
  }
}
