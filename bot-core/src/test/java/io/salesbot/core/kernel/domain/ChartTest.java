package io.salesbot.core.kernel.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Chart.Kind;
import io.salesbot.core.kernel.domain.Chart.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChartTest {
  private static final List<String> STAGES = List.of("初步接触", "需求诊断", "方案呈现", "异议处理", "签约执行");

  @Test
  void keeps_a_funnel_with_one_value_per_stage() {
    Chart chart =
        Chart.of("销售漏斗", Kind.BAR, STAGES, List.of(Series.of("商机数", 120, 80, 45, 20, 9)))
            .withAxisTitles("阶段", "商机")
            .withUnit("个");

    assertThat(chart.isEmpty()).isFalse();
    assertThat(chart.series().get(0).values()).containsExactly(120.0, 80.0, 45.0, 20.0, 9.0);
    assertThat(chart.texts())
        .containsExactly("销售漏斗", "阶段", "商机", "个", "初步接触", "需求诊断", "方案呈现", "异议处理", "签约执行", "商机数");
  }

  @Test
  void is_immutable_even_when_built_from_mutable_lists() {
    List<String> categories = new ArrayList<>(List.of("第1周", "第2周"));
    List<Double> values = new ArrayList<>(List.of(1.0, 2.0));
    Chart chart = Chart.of("趋势", Kind.LINE, categories, List.of(new Series("赢单率", values)));

    categories.add("第3周");
    values.set(0, 99.0);

    assertThat(chart.categories()).containsExactly("第1周", "第2周");
    assertThat(chart.series().get(0).values()).containsExactly(1.0, 2.0);
    assertThatThrownBy(() -> chart.categories().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_chart_without_categories_or_series_is_empty_not_invalid() {
    assertThat(Chart.of("销售漏斗", Kind.BAR, List.of(), List.of()).isEmpty()).isTrue();
    assertThat(Chart.of("销售漏斗", Kind.BAR, List.of(), List.of(Series.of("商机数"))).isEmpty()).isTrue();
    assertThat(Chart.of("销售漏斗", Kind.BAR, STAGES, List.of()).isEmpty()).isTrue();
  }

  @Test
  void blank_axis_titles_and_unit_mean_none_and_text_is_trimmed() {
    Chart chart =
        new Chart(
            " 停留天数 ",
            Kind.HORIZONTAL_BAR,
            List.of(" 初步接触 "),
            List.of(Series.of("平均", 3)),
            " ",
            "",
            null);

    assertThat(chart.title()).isEqualTo("停留天数");
    assertThat(chart.categories()).containsExactly("初步接触");
    assertThat(chart.categoryAxisTitle()).isNull();
    assertThat(chart.valueAxisTitle()).isNull();
    assertThat(chart.texts()).containsExactly("停留天数", "初步接触", "平均");
  }

  @Test
  void rejects_a_series_whose_length_differs_from_the_categories() {
    assertThatThrownBy(() -> Chart.of("漏斗", Kind.BAR, STAGES, List.of(Series.of("商机数", 1, 2, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series '商机数' has 3 values for 5 categories");
  }

  @Test
  void rejects_values_that_are_not_finite_numbers() {
    assertThatThrownBy(() -> Series.of("平均", 1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a finite number");
    assertThatThrownBy(() -> Series.of("平均", Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Series("平均", Arrays.asList(1.0, null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejects_duplicate_categories_and_series_names() {
    assertThatThrownBy(
            () -> Chart.of("漏斗", Kind.BAR, List.of("初步接触", "初步接触"), List.of(Series.of("a", 1, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("category '初步接触' appears twice");
    assertThatThrownBy(
            () ->
                Chart.of(
                    "漏斗",
                    Kind.BAR,
                    List.of("初步接触"),
                    List.of(Series.of("本期", 1), Series.of("本期", 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("series '本期' appears twice");
  }

  @Test
  void rejects_blank_long_or_multi_line_text() {
    assertThatThrownBy(() -> Chart.of(" ", Kind.BAR, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("title must be 1 to 60 characters");
    assertThatThrownBy(() -> Chart.of("漏", Kind.BAR, List.of("阶".repeat(31)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("category must be 1 to 30 characters");
    assertThatThrownBy(() -> Chart.of("两行\n标题", Kind.BAR, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("title must be one line without control characters");
  }

  @Test
  void rejects_more_categories_or_series_than_a_chat_image_can_show() {
    List<String> weeks = IntStream.rangeClosed(1, 61).mapToObj(w -> "第" + w + "周").toList();
    assertThatThrownBy(() -> Chart.of("趋势", Kind.LINE, weeks, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a chart has at most 60 categories, got 61");
    List<Series> many = IntStream.rangeClosed(1, 9).mapToObj(i -> Series.of("s" + i, 1)).toList();
    assertThatThrownBy(() -> Chart.of("趋势", Kind.LINE, List.of("第1周"), many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a chart has at most 8 series, got 9");
  }
}
