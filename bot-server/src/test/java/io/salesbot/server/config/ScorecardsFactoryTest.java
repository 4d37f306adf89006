package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.score.domain.Measure;
import io.salesbot.core.score.domain.ScorecardModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code salesbot.scorecards} bound as at start-up: defaults, a custom model, named mistakes. */
class ScorecardsFactoryTest {
  private static ScorecardModel model(Map<String, String> values) {
    return ScorecardsFactory.model(
        BoundProperties.bind("salesbot.scorecards", ScorecardsProperties.class, values));
  }

  /** Two axes, 60/40, with one and two dimensions; {@code extra} on top. */
  private static Map<String, String> twoAxes(String... extra) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("axes[0].id", "results");
    m.put("axes[0].label", "业绩");
    m.put("axes[0].weight", "60");
    m.put("axes[0].dimensions[0].id", "contract-amount");
    m.put("axes[0].dimensions[0].label", "合同金额");
    m.put("axes[0].dimensions[0].measure", "contract-amount");
    m.put("axes[0].dimensions[0].weight", "100");
    m.put("axes[0].dimensions[0].target", "800000");
    m.put("axes[0].dimensions[0].team-targets.east", "1000000");
    m.put("axes[0].dimensions[0].rep-targets.[wecom:ZhangSan]", "300000");
    m.put("axes[1].id", "process");
    m.put("axes[1].label", "过程");
    m.put("axes[1].weight", "40");
    m.put("axes[1].dimensions[0].id", "visits");
    m.put("axes[1].dimensions[0].label", "拜访");
    m.put("axes[1].dimensions[0].measure", "visits");
    m.put("axes[1].dimensions[0].weight", "50");
    m.put("axes[1].dimensions[0].target", "30");
    m.put("axes[1].dimensions[0].from-history", "true");
    m.put("axes[1].dimensions[1].id", "nps");
    m.put("axes[1].dimensions[1].label", "满意度");
    m.put("axes[1].dimensions[1].measure", "metric-average");
    m.put("axes[1].dimensions[1].weight", "50");
    m.put("axes[1].dimensions[1].target", "9");
    m.put("axes[1].dimensions[1].floor", "20");
    m.put("axes[1].dimensions[1].cap", "90");
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return m;
  }

  @Test
  void nothing_set_is_the_seeds_three_axes_and_nine_dimensions() {
    assertThat(model(Map.of())).isEqualTo(ScorecardModel.defaults());
  }

  @Test
  void a_configured_model_replaces_the_defaults() {
    ScorecardModel m = model(twoAxes());
    assertThat(m.axes()).hasSize(2);
    assertThat(m.dimensions())
        .extracting(d -> d.id())
        .containsExactly("contract-amount", "visits", "nps");
    var amount = m.dimensions().get(0);
    assertThat(amount.teamTargets().get("east")).isEqualByComparingTo("1000000");
    assertThat(amount.repTargets().get("wecom:ZhangSan")).isEqualByComparingTo("300000");
    assertThat(m.dimensions().get(1).fromHistory()).isTrue();
    var nps = m.dimensions().get(2);
    assertThat(nps.measure()).isEqualTo(Measure.METRIC_AVERAGE);
    assertThat(nps.floor()).isEqualTo(20);
    assertThat(nps.cap()).isEqualTo(90);
  }

  @Test
  void each_mistake_names_its_property() {
    assertThatThrownBy(() -> model(twoAxes("axes[1].weight", "30")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("salesbot.scorecards.axes: the axes' weights must sum to 100, they sum to 90");
    assertThatThrownBy(() -> model(twoAxes("axes[1].dimensions[1].weight", "40")))
        .hasMessage(
            "salesbot.scorecards.axes[1].dimensions: the dimensions' weights must sum to 100, they"
                + " sum to 90");
    assertThatThrownBy(() -> model(twoAxes("axes[0].dimensions[0].measure", "revenue")))
        .hasMessageStartingWith(
            "salesbot.scorecards.axes[0].dimensions[0].measure: one of contract-amount,"
                + " payment-rate,")
        .hasMessageEndingWith("got 'revenue'");
    Map<String, String> noTarget = twoAxes();
    noTarget.remove("axes[1].dimensions[0].target");
    assertThatThrownBy(() -> model(noTarget))
        .hasMessageStartingWith("salesbot.scorecards.axes[1].dimensions[0].target: set the month");
    assertThatThrownBy(() -> model(twoAxes("axes[0].dimensions[0].team-targets.east", "-5")))
        .hasMessage(
            "salesbot.scorecards.axes[0].dimensions[0].team-targets.east: must be more than 0, got"
                + " -5");
    assertThatThrownBy(() -> model(twoAxes("axes[1].dimensions[1].cap", "120")))
        .hasMessage(
            "salesbot.scorecards.axes[1].dimensions[1].cap: must be from 1 to 100 points, got 120");
    Map<String, String> noLabel = twoAxes();
    noLabel.remove("axes[1].label");
    assertThatThrownBy(() -> model(noLabel))
        .hasMessage("salesbot.scorecards.axes[1].label: must be set");
  }
}
