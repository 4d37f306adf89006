package io.salesbot.core.score.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardModelTest {
  private static Axis axis(Dimension... dims) {
    return new Axis("a", "业绩", 100, List.of(dims));
  }

  @Test
  void the_defaults_are_the_seeds_three_axes_and_nine_dimensions() {
    ScorecardModel m = ScorecardModel.defaults();
    assertThat(m.axes()).extracting(Axis::label).containsExactly("业绩贡献", "过程质量", "团队协作");
    assertThat(m.axes()).extracting(Axis::weight).containsExactly(40, 30, 30);
    assertThat(m.dimensions())
        .extracting(Dimension::label)
        .containsExactly("合同金额", "回款率", "新客户数", "客户拜访", "方案提交", "跟进及时性", "知识分享", "协助成交", "新人带教");
  }

  @Test
  void each_mistake_names_its_path() {
    Dimension ok = Dimension.of("visits", "拜访", Measure.VISITS, 100, "1");
    assertThatThrownBy(() -> new ScorecardModel(List.of()))
        .hasMessage("axes: name at least one axis");
    assertThatThrownBy(
            () ->
                new ScorecardModel(
                    List.of(axis(Dimension.of("visits", "拜访", Measure.VISITS, 60, "1")))))
        .hasMessage("axes[0].dimensions: the dimensions' weights must sum to 100, they sum to 60");
    assertThatThrownBy(
            () ->
                new ScorecardModel(
                    List.of(axis(Dimension.of("Visits", "拜访", Measure.VISITS, 100, "1")))))
        .hasMessageStartingWith("axes[0].dimensions[0].id: use lower-case letters");
    assertThatThrownBy(
            () ->
                new ScorecardModel(
                    List.of(axis(Dimension.of("visits", "拜访", Measure.VISITS, 100, "0")))))
        .hasMessage("axes[0].dimensions[0].target: must be more than 0, got 0");
    assertThatThrownBy(
            () ->
                new ScorecardModel(
                    List.of(
                        axis(
                            new Dimension(
                                "visits",
                                "拜访",
                                Measure.VISITS,
                                100,
                                BigDecimal.ONE,
                                Map.of(),
                                Map.of(),
                                false,
                                80,
                                60)))))
        .hasMessage(
            "axes[0].dimensions[0].floor: must be from 0 to less than the cap (60), got 80");
    assertThatThrownBy(
            () ->
                new ScorecardModel(
                    List.of(
                        new Axis("a", "业绩", 50, List.of(ok)),
                        new Axis("b", "过程", 50, List.of(ok)))))
        .hasMessage("axes[1].dimensions[0].id: 'visits' is used twice; ids must be unique");
  }
}
