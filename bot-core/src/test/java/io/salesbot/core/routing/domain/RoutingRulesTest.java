package io.salesbot.core.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {
  static LeadSubmission lead(
      @Nullable String region,
      @Nullable String industry,
      @Nullable String product,
      Map<String, String> attrs) {
    return new LeadSubmission(
        "i",
        "web",
        "张三",
        null,
        null,
        region,
        industry,
        product,
        null,
        null,
        null,
        attrs,
        Priority.NORMAL);
  }

  private final RoutingRules rules =
      new RoutingRules(
          List.of(
              new RoutingRule(
                  "R1",
                  List.of(Condition.equalTo("region", "华东"), Condition.in("industry", "制造", "能源")),
                  "east-industry"),
              new RoutingRule("R2", List.of(Condition.prefix("attributes.utm", "baidu")), "ads"),
              new RoutingRule("R3", List.of(Condition.equalTo("region", "华东")), "east")),
          "default");

  @Test
  void first_matching_rule_wins_and_says_what_matched() {
    RuleMatch m = rules.decide(lead("华东", "制造", null, Map.of("utm", "baidu-1")));
    assertThat(m.teamId()).isEqualTo("east-industry");
    assertThat(m.ruleId()).isEqualTo("R1");
    assertThat(m.reason()).isEqualTo("rule R1 matched region=华东, industry=制造");
    assertThat(rules.decide(lead("华东", "零售", null, Map.of("utm", "BAIDU-x"))).ruleId())
        .isEqualTo("R2");
    assertThat(rules.decide(lead("华东", "零售", null, Map.of())).ruleId()).isEqualTo("R3");
  }

  @Test
  void nothing_matching_goes_to_the_default_team_with_a_reason() {
    RuleMatch m = rules.decide(lead("西北", null, null, Map.of()));
    assertThat(m.teamId()).isEqualTo("default");
    assertThat(m.ruleId()).isNull();
    assertThat(m.reason()).contains("no team covers region=西北");
    assertThat(rules.decide(lead(null, null, null, Map.of())).reason()).contains("no region");
  }

  @Test
  void a_missing_field_never_matches_and_case_is_ignored() {
    assertThat(Condition.equalTo("product", "crm").test(lead(null, null, "CRM", Map.of())))
        .isTrue();
    assertThat(Condition.equalTo("product", "crm").test(lead(null, null, null, Map.of())))
        .isFalse();
    assertThat(Condition.equalTo("priority", "normal").test(lead(null, null, null, Map.of())))
        .isTrue();
  }

  @Test
  void invalid_rules_are_rejected() {
    assertThatThrownBy(() -> Condition.equalTo("colour", "red"))
        .hasMessageContaining("unknown field");
    assertThatThrownBy(() -> new Condition("region", Condition.Op.EQUALS, List.of("a", "b")))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> Condition.in("region", " ")).hasMessageContaining("non-blank");
    RoutingRule r = new RoutingRule("R", List.of(), "t");
    assertThatThrownBy(() -> new RoutingRules(List.of(r, r), "t")).hasMessageContaining("twice");
  }

  /** Property: the decision equals a brute-force oracle over random rules and leads. */
  @Test
  void matching_equals_a_brute_force_oracle() {
    Random random = new Random(42);
    String[] values = {"a", "ab", "b", "B", "abc"};
    String[] fields = {"region", "industry", "product", "attributes.k"};
    for (int round = 0; round < 2000; round++) {
      List<RoutingRule> list = new ArrayList<>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        List<Condition> cs = new ArrayList<>();
        for (int c = random.nextInt(3); c > 0; c--) {
          String field = fields[random.nextInt(fields.length)];
          String v = values[random.nextInt(values.length)];
          switch (random.nextInt(3)) {
            case 0 -> cs.add(Condition.equalTo(field, v));
            case 1 -> cs.add(Condition.in(field, v, values[random.nextInt(values.length)]));
            default -> cs.add(Condition.prefix(field, v));
          }
        }
        list.add(new RoutingRule("R" + i, cs, "t" + random.nextInt(3)));
      }
      LeadSubmission l =
          lead(
              pick(random, values),
              pick(random, values),
              pick(random, values),
              random.nextBoolean() ? Map.of("k", values[random.nextInt(values.length)]) : Map.of());
      String expected = "default";
      for (RoutingRule rule : list) {
        if (oracle(rule, l)) {
          expected = rule.teamId();
          break;
        }
      }
      assertThat(new RoutingRules(list, "default").decide(l).teamId()).isEqualTo(expected);
    }
  }

  private static @Nullable String pick(Random r, String[] values) {
    return r.nextInt(4) == 0 ? null : values[r.nextInt(values.length)];
  }

  private static boolean oracle(RoutingRule rule, LeadSubmission l) {
    for (Condition c : rule.conditions()) {
      String actual = Condition.valueOf(l, c.field());
      boolean any = false;
      for (String v : c.values()) {
        if (actual != null
            && (c.op() == Condition.Op.PREFIX
                ? actual.toLowerCase().startsWith(v.toLowerCase())
                : actual.equalsIgnoreCase(v))) {
          any = true;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }
}
