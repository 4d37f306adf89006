package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.score.DerivedSettings;
import io.salesbot.core.score.ScorecardSettings;
import io.salesbot.core.score.domain.Measure;
import io.salesbot.core.score.domain.ScorecardModel;
import io.salesbot.core.stage.domain.StageModel;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
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

  private static ScorecardSettings settings(
      Map<String, String> values, Map<String, SalesbotProperties.Source> sources) {
    return ScorecardsFactory.settings(
        BoundProperties.bind("salesbot.scorecards", ScorecardsProperties.class, values),
        StageModel.defaults(),
        sources);
  }

  private static ScorecardSettings settings(Map<String, String> values) {
    return settings(values, Map.of());
  }

  /** {@link #twoAxes} prefixed as the change {@code n}, from {@code month}. */
  private static Map<String, String> change(int n, String month, Map<String, String> into) {
    into.put("changes[" + n + "].from", month);
    twoAxes().forEach((k, v) -> into.put("changes[" + n + "]." + k, v));
    return into;
  }

  private static SalesbotProperties.Source source(boolean records) {
    return new SalesbotProperties.Source("secret-123", false, records, List.of());
  }

  @Test
  void todays_configuration_is_one_model_for_every_month_and_every_derived_record() {
    ScorecardSettings s = settings(twoAxes());
    assertThat(s.models().changes()).isEmpty();
    assertThat(s.models().forPeriod(YearMonth.of(2020, 1))).isEqualTo(model(twoAxes()));
    assertThat(s.derived()).isEqualTo(DerivedSettings.defaults());
    assertThat(settings(Map.of())).isEqualTo(ScorecardSettings.defaults());
  }

  @Test
  void changes_apply_from_their_month_on() {
    Map<String, String> values = change(0, "2026-07", new LinkedHashMap<>());
    ScorecardSettings s = settings(values);
    assertThat(s.models().forPeriod(YearMonth.of(2026, 6))).isEqualTo(ScorecardModel.defaults());
    assertThat(s.models().forPeriod(YearMonth.of(2026, 7))).isEqualTo(model(twoAxes()));
    assertThat(s.models().inForce(YearMonth.of(2027, 2)).from()).contains(YearMonth.of(2026, 7));
  }

  @Test
  void each_mistake_in_a_change_names_its_property() {
    assertThatThrownBy(() -> settings(change(0, "2026-7", new LinkedHashMap<>())))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "salesbot.scorecards.changes[0].from: a month written YYYY-MM, e.g. 2026-07, got"
                + " '2026-7'");
    assertThatThrownBy(() -> settings(change(0, "2026-13", new LinkedHashMap<>())))
        .hasMessageStartingWith("salesbot.scorecards.changes[0].from: a month written YYYY-MM");
    Map<String, String> noMonth = change(0, "2026-07", new LinkedHashMap<>());
    noMonth.remove("changes[0].from");
    assertThatThrownBy(() -> settings(noMonth))
        .hasMessage("salesbot.scorecards.changes[0].from: must be set");
    assertThatThrownBy(() -> settings(Map.of("changes[0].from", "2026-07")))
        .hasMessageStartingWith("salesbot.scorecards.changes[0].axes: set the whole model");
    Map<String, String> badWeights = change(0, "2026-07", new LinkedHashMap<>());
    badWeights.put("changes[0].axes[1].weight", "30");
    assertThatThrownBy(() -> settings(badWeights))
        .hasMessage(
            "salesbot.scorecards.changes[0].axes: the axes' weights must sum to 100, they sum to"
                + " 90");
    Map<String, String> unknown = change(0, "2026-07", new LinkedHashMap<>());
    unknown.put("changes[0].axes[0].dimensions[0].measure", "revenue");
    assertThatThrownBy(() -> settings(unknown))
        .hasMessageStartingWith(
            "salesbot.scorecards.changes[0].axes[0].dimensions[0].measure: one of");
    Map<String, String> twice = change(1, "2026-07", change(0, "2026-07", new LinkedHashMap<>()));
    assertThatThrownBy(() -> settings(twice))
        .hasMessage(
            "salesbot.scorecards.changes[1].from: '2026-07' is used twice; each change needs its"
                + " own month");
    Map<String, String> order = change(1, "2026-03", change(0, "2026-07", new LinkedHashMap<>()));
    assertThatThrownBy(() -> settings(order))
        .hasMessage(
            "salesbot.scorecards.changes[1].from: must come after changes[0].from (2026-07), got"
                + " 2026-03; list the changes in order");
  }

  @Test
  void a_record_feed_wins_over_derived_contracts_unless_they_are_on() {
    Map<String, SalesbotProperties.Source> feed = Map.of("web", source(false), "erp", source(true));
    assertThat(settings(Map.of(), Map.of("web", source(false))).derived().contracts()).isTrue();
    assertThat(settings(Map.of(), feed).derived().contracts()).isFalse();
    assertThat(settings(Map.of(), feed).derived().enabled()).isTrue();
    assertThat(settings(Map.of("derived.contracts", "on"), feed).derived().contracts()).isTrue();
    assertThat(settings(Map.of("derived.contracts", "off")).derived().contracts()).isFalse();
    assertThat(settings(Map.of("derived.enabled", "false")).derived().contracts()).isFalse();
    assertThatThrownBy(() -> settings(Map.of("derived.contracts", "sometimes")))
        .hasMessage("salesbot.scorecards.derived.contracts: auto, on or off, got 'sometimes'");
    assertThatThrownBy(() -> settings(Map.of(), Map.of("salesbot", source(true))))
        .hasMessageStartingWith(
            "salesbot.intake.sources.salesbot.records: the source 'salesbot' is reserved");
    assertThatThrownBy(() -> settings(Map.of(), Map.of("salesbot-dispute", source(true))))
        .hasMessageStartingWith(
            "salesbot.intake.sources.salesbot-dispute.records: the source 'salesbot-dispute' is"
                + " reserved");
  }

  @Test
  void derived_checkpoints_must_be_checkpoints_of_the_stages() {
    ScorecardSettings s =
        settings(
            Map.of(
                "derived.visit-checkpoints[0]", "appointment",
                "derived.visit-checkpoints[1]", "demo",
                "derived.contract-checkpoint", "quotation"));
    assertThat(s.derived().visitCheckpoints()).containsExactlyInAnyOrder("appointment", "demo");
    assertThat(s.derived().contractCheckpoint()).isEqualTo("quotation");
    assertThatThrownBy(() -> settings(Map.of("derived.proposal-checkpoints[0]", "pitch")))
        .hasMessageStartingWith(
            "salesbot.scorecards.derived.proposal-checkpoints[0]: no checkpoint 'pitch' in"
                + " salesbot.stages; one of first-touch, appointment,");
  }
}
