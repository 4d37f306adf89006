package io.salesbot.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Chart;
import io.salesbot.core.kernel.domain.Chart.Kind;
import io.salesbot.core.kernel.domain.Chart.Series;
import io.salesbot.core.testing.RecordingChartRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ChartRendererTest {
  private static final Chart FUNNEL =
      Chart.of("销售漏斗", Kind.BAR, List.of("初步接触", "需求诊断"), List.of(Series.of("商机数", 12, 7)));

  @Test
  void none_yields_no_image_so_the_caller_sends_text() {
    StepVerifier.create(ChartRenderer.NONE.png(FUNNEL)).verifyComplete();
  }

  @Test
  void the_fake_records_each_chart_and_answers_with_a_stand_in_image() {
    RecordingChartRenderer renderer = RecordingChartRenderer.drawing();

    StepVerifier.create(renderer.png(FUNNEL))
        .assertNext(png -> assertThat(png).isEqualTo(RecordingChartRenderer.imageOf(FUNNEL)))
        .verifyComplete();
    assertThat(renderer.charts()).containsExactly(FUNNEL);
  }

  @Test
  void the_fake_without_charts_records_but_yields_nothing() {
    RecordingChartRenderer renderer = RecordingChartRenderer.none();

    StepVerifier.create(renderer.png(FUNNEL)).verifyComplete();
    assertThat(renderer.charts()).containsExactly(FUNNEL);
  }
}
